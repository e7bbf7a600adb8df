import { useTranslation } from 'react-i18next';
import { DateField } from '../kit/DateField';
import { PERIOD_KINDS, type Period, type PeriodKind } from './period';

interface Props {
  kind: PeriodKind;
  period: Period;
  onKind: (kind: PeriodKind) => void;
  onCustom: (period: Period) => void;
}

/** Today / this week / this month / two dates. */
export function PeriodPicker({ kind, period, onKind, onCustom }: Props) {
  const { t } = useTranslation();
  return (
    <div className="kit-toolbar">
      <fieldset className="kit-segmented">
        <legend>{t('console.dashboard.period.label')}</legend>
        {PERIOD_KINDS.map((k) => (
          <label key={k}>
            <input type="radio" name="dashboard-period" checked={k === kind} onChange={() => onKind(k)} />
            {t(`console.dashboard.period.${k}`)}
          </label>
        ))}
      </fieldset>
      {kind === 'custom' && (
        <>
          <DateField
            className="field"
            labelClassName="field__label"
            inputClassName="field__input"
            label={t('console.dashboard.period.from')}
            value={period.from}
            required
            onChange={(from) => onCustom({ ...period, from })}
          />
          <DateField
            className="field"
            labelClassName="field__label"
            inputClassName="field__input"
            label={t('console.dashboard.period.to')}
            value={period.to}
            required
            onChange={(to) => onCustom({ ...period, to })}
          />
        </>
      )}
    </div>
  );
}
