import { useTranslation } from 'react-i18next';
import { ROADMAP_MAX_CAPACITY } from '../../../domain/campaign/roadmap';
import type { Technician } from '../../../domain/workOrder/assignments';
import { DateField } from '../kit/DateField';
import { dayText } from './dayText';
import type { PlanFormErrors, PlanFormValues } from './planForm';

interface Props {
  values: PlanFormValues;
  errors: PlanFormErrors;
  technicians: readonly Technician[];
  today: string;
  busy: boolean;
  onChange: (values: PlanFormValues) => void;
  onSubmit: () => void;
}

function ErrorText({ id, text }: { id: string; text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <p id={id} className="roadmap-error" role="alert">
      {text}
    </p>
  );
}

/** "Lập lộ trình": the technicians, their capacity per day and the first day; "Đề xuất" asks the server for a plan. */
export function PlanForm({ values, errors, technicians, today, busy, onChange, onSubmit }: Props) {
  const { t } = useTranslation();
  const message = (key: keyof PlanFormValues) => (errors[key] === undefined ? undefined : t(`console.roadmap.plan.errors.${errors[key]}`));
  const toggle = (id: string, on: boolean) =>
    onChange({ ...values, technicianIds: on ? [...values.technicianIds, id] : values.technicianIds.filter((x) => x !== id) });
  return (
    <form
      className="card roadmap-form"
      aria-labelledby="roadmap-plan-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h2 id="roadmap-plan-title" className="roadmap-subtitle">
        {t('console.roadmap.plan.title')}
      </h2>
      <fieldset className="roadmap-technicians" aria-describedby={errors.technicianIds === undefined ? undefined : 'roadmap-tech-error'}>
        <legend className="field__label">{t('console.roadmap.plan.technicians')}</legend>
        {technicians.length === 0 && <p className="kit-muted">{t('console.roadmap.plan.noTechnicians')}</p>}
        <div className="roadmap-technicians__list">
          {technicians.map((tech) => (
            <label key={tech.id} className="checkbox">
              <input type="checkbox" checked={values.technicianIds.includes(tech.id)} onChange={(event) => toggle(tech.id, event.target.checked)} />
              <span>
                {tech.displayName} <span className="kit-muted">({tech.username})</span>
              </span>
            </label>
          ))}
        </div>
        <ErrorText id="roadmap-tech-error" text={message('technicianIds')} />
      </fieldset>
      <div className="roadmap-form__row">
        <div className="field">
          <label className="field__label" htmlFor="roadmap-capacity">
            {t('console.roadmap.plan.capacity')}
          </label>
          <input
            id="roadmap-capacity"
            className="field__input"
            type="number"
            inputMode="numeric"
            min={1}
            max={ROADMAP_MAX_CAPACITY}
            step={1}
            value={values.capacity}
            aria-invalid={errors.capacity !== undefined}
            aria-describedby={errors.capacity === undefined ? 'roadmap-capacity-hint' : 'roadmap-capacity-hint roadmap-capacity-error'}
            onChange={(event) => onChange({ ...values, capacity: event.target.value })}
          />
          <small id="roadmap-capacity-hint" className="kit-muted">
            {t('console.roadmap.plan.capacityHint')}
          </small>
          <ErrorText id="roadmap-capacity-error" text={message('capacity')} />
        </div>
        <DateField
          id="roadmap-start"
          className="field"
          labelClassName="field__label"
          inputClassName="field__input"
          label={t('console.roadmap.plan.startDate')}
          min={today}
          value={values.startDate}
          invalid={errors.startDate !== undefined}
          describedBy={errors.startDate === undefined ? 'roadmap-start-hint' : 'roadmap-start-hint roadmap-start-error'}
          onChange={(startDate) => onChange({ ...values, startDate })}
        >
          <small id="roadmap-start-hint" className="kit-muted">
            {values.startDate !== '' &&
              dayText(t, values.startDate) !== '' &&
              `${t('console.roadmap.plan.startDay', { day: dayText(t, values.startDate) })} `}
            {t('console.roadmap.plan.startHint')}
          </small>
          <ErrorText id="roadmap-start-error" text={message('startDate')} />
        </DateField>
      </div>
      <div className="roadmap-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('console.roadmap.plan.proposing') : t('console.roadmap.plan.propose')}
        </button>
      </div>
    </form>
  );
}
