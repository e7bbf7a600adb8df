import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { completionsCsvUrl } from '../../../consoleApi/exports';
import { isValidPeriod, type Period } from './period';

/** "Xuất CSV cho CMIS": a plain download link (same-origin cookie), so the browser saves the file itself. */
export function ExportForm({ initial, teamId }: { initial: Period; teamId?: string }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(initial);
  const valid = isValidPeriod(period);
  return (
    <section className="card dashboard-export" aria-labelledby="export-title">
      <h2 id="export-title" className="card__title">
        {t('console.dashboard.export.title')}
      </h2>
      <p className="kit-muted">{t('console.dashboard.export.hint')}</p>
      <div className="kit-toolbar">
        <label className="field">
          <span className="field__label">{t('console.dashboard.export.from')}</span>
          <input className="field__input" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        </label>
        <label className="field">
          <span className="field__label">{t('console.dashboard.export.to')}</span>
          <input className="field__input" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
        </label>
        {valid ? (
          <a className="button button--primary" href={completionsCsvUrl({ ...period, teamId })} download>
            {t('console.dashboard.export.download')}
          </a>
        ) : (
          <p className="notice notice--error" role="alert">
            {t('console.dashboard.period.invalid')}
          </p>
        )}
      </div>
    </section>
  );
}
