import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { completionsCsvUrl, fetchExportSummary } from '../../../consoleApi/exports';
import { DateField } from '../kit/DateField';
import { formatCount } from '../kit/format';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import { isReversedPeriod, isValidPeriod, type Period } from './period';

/** "Xuất CSV cho CMIS": a plain download link (same-origin cookie), so the browser saves the file itself. */
export function ExportForm({ initial, teamId }: { initial: Period; teamId?: string }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(initial);
  const valid = isValidPeriod(period);
  const field = { className: 'field', labelClassName: 'field__label', inputClassName: 'field__input', required: true } as const;
  return (
    <section className="card dashboard-export" aria-labelledby="export-title">
      <h2 id="export-title" className="card__title">
        {t('console.dashboard.export.title')}
      </h2>
      <p className="kit-muted">{t('console.dashboard.export.hint')}</p>
      <div className="kit-toolbar">
        <DateField {...field} label={t('console.dashboard.export.from')} value={period.from} onChange={(from) => setPeriod({ ...period, from })} />
        <DateField {...field} label={t('console.dashboard.export.to')} value={period.to} onChange={(to) => setPeriod({ ...period, to })} />
        {valid ? (
          <a className="button button--primary" href={completionsCsvUrl({ ...period, teamId })} download>
            {t('console.dashboard.export.download')}
          </a>
        ) : (
          isReversedPeriod(period) && (
            <p className="notice notice--error" role="alert">
              {t('console.dashboard.period.invalid')}
            </p>
          )
        )}
      </div>
      {valid && <ExportSummaryLine period={period} teamId={teamId} />}
    </section>
  );
}

/**
 * What the file will hold: only approved records are exported, so an empty file usually means nobody approved yet;
 * the records received but still waiting are counted, with the way to the review queue.
 */
function ExportSummaryLine({ period, teamId }: { period: Period; teamId?: string }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const { state } = useApiData(`export-summary:${period.from}:${period.to}:${teamId ?? ''}`, () =>
    fetchExportSummary(api, { ...period, ...(teamId === undefined ? {} : { teamId }) }),
  );
  const summary = currentValue(state);
  if (summary === undefined) return null;
  const count = (n: number) => formatCount(n, i18n.resolvedLanguage ?? 'vi');
  return (
    <div className="dashboard-export__summary" role="status" data-testid="export-summary">
      <p>
        {summary.approved === 0
          ? t('console.dashboard.export.none')
          : t('console.dashboard.export.ready', { count: summary.approved, n: count(summary.approved) })}
      </p>
      {summary.awaitingApproval > 0 && (
        <p className="notice notice--warning dashboard-export__waiting">
          <span>{t('console.dashboard.export.waiting', { count: summary.awaitingApproval, n: count(summary.awaitingApproval) })}</span>{' '}
          <Link to="/console/reviews">{t('console.dashboard.export.review')}</Link>
        </p>
      )}
    </div>
  );
}
