import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMISSIONING_GROUPS, CommissioningGroupBy, type CommissioningReportRow } from '../../../domain/commissioning/commissioningApi';
import { commissioningCsvUrl, fetchCommissioningReport } from '../../../consoleApi/commissioning';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatCount } from '../kit/format';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import type { Period } from './period';

/**
 * "Xác nhận đo xa" on Tiến độ (issue 17 §5): of the swaps installed in the period, how many the head-end confirmed
 * within 24 h and 48 h, mismatches, overdue, still awaiting, the median hours to the first reading; per commune,
 * technician or communication type, with the CSV.
 */
export function CommissioningPanel({ period, teamId }: { period: Period; teamId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const selectId = useId();
  const [groupBy, setGroupBy] = useState<CommissioningGroupBy>('commune');
  const query = { groupBy, from: period.from, to: period.to, ...(teamId === undefined ? {} : { teamId }) };
  const data = useApiData(`commissioning:${groupBy}:${period.from}:${period.to}:${teamId ?? ''}`, () => fetchCommissioningReport(api, query));
  const report = currentValue(data.state);
  const n = (v: number) => formatCount(v, i18n.language);
  const row = (r: CommissioningReportRow, total = false) => (
    <tr key={r.key} className={total ? 'kit-total' : undefined}>
      <th scope="row">
        {total ? t('console.dashboard.commissioning.total') : r.key === 'unknown' ? t('console.dashboard.commissioning.unknown') : r.label}
      </th>
      <td className="kit-num">{n(r.installed)}</td>
      <td className="kit-num">{n(r.within24h)}</td>
      <td className="kit-num">{n(r.within48h)}</td>
      <td className="kit-num">{n(r.mismatched)}</td>
      <td className="kit-num">{n(r.overdue)}</td>
      <td className="kit-num">{n(r.awaiting)}</td>
      <td className="kit-num">
        {r.medianHoursToFirstRead === null
          ? '—'
          : t('console.dashboard.commissioning.hours', { n: r.medianHoursToFirstRead.toLocaleString(i18n.language) })}
      </td>
    </tr>
  );
  return (
    <section className="card dashboard-commissioning" aria-labelledby="commissioning-title" data-testid="commissioning-panel">
      <h2 id="commissioning-title" className="card__title">
        {t('console.dashboard.commissioning.title')}
      </h2>
      <p className="kit-muted">{t('console.dashboard.commissioning.hint')}</p>
      <div className="field">
        <label className="field__label" htmlFor={selectId}>
          {t('console.dashboard.commissioning.groupByLabel')}
        </label>
        <select
          id={selectId}
          className="field__input"
          value={groupBy}
          onChange={(event) => setGroupBy(CommissioningGroupBy.parse(event.target.value))}
        >
          {COMMISSIONING_GROUPS.map((g) => (
            <option key={g} value={g}>
              {t(`console.dashboard.commissioning.groupBy.${g}`)}
            </option>
          ))}
        </select>
      </div>
      {data.state.status === 'error' && <ErrorBanner error={data.state.error} onRetry={data.reload} />}
      {report === undefined && data.state.status === 'loading' && <LoadingLine />}
      {report !== undefined &&
        (report.rows.length === 0 ? (
          <EmptyState>{t('console.dashboard.commissioning.empty')}</EmptyState>
        ) : (
          <div className="kit-table-scroll" tabIndex={0}>
            <table className="kit-table">
              <thead>
                <tr>
                  <th scope="col">{t(`console.dashboard.commissioning.groupBy.${report.groupBy}`)}</th>
                  <th scope="col" className="kit-num">
                    {t('console.dashboard.commissioning.installed')}
                  </th>
                  <th scope="col" className="kit-num">
                    {t('console.dashboard.commissioning.within24h')}
                  </th>
                  <th scope="col" className="kit-num">
                    {t('console.dashboard.commissioning.within48h')}
                  </th>
                  <th scope="col" className="kit-num">
                    {t('console.dashboard.commissioning.mismatched')}
                  </th>
                  <th scope="col" className="kit-num">
                    {t('console.dashboard.commissioning.overdue')}
                  </th>
                  <th scope="col" className="kit-num">
                    {t('console.dashboard.commissioning.awaiting')}
                  </th>
                  <th scope="col" className="kit-num">
                    {t('console.dashboard.commissioning.median')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => row(r))}
                {row(report.totals, true)}
              </tbody>
            </table>
          </div>
        ))}
      {report !== undefined && report.unmatched > 0 && (
        <p className="notice notice--warning" role="status">
          {t('console.dashboard.commissioning.unmatched', { count: report.unmatched })}
        </p>
      )}
      <a className="button button--secondary" href={commissioningCsvUrl(query)} download>
        {t('console.dashboard.commissioning.csv')}
      </a>
    </section>
  );
}
