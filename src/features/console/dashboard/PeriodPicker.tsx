import { useTranslation } from 'react-i18next';
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
          <label className="field">
            <span className="field__label">{t('console.dashboard.period.from')}</span>
            <input className="field__input" type="date" value={period.from} onChange={(e) => onCustom({ ...period, from: e.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">{t('console.dashboard.period.to')}</span>
            <input className="field__input" type="date" value={period.to} onChange={(e) => onCustom({ ...period, to: e.target.value })} />
          </label>
        </>
      )}
    </div>
  );
}
