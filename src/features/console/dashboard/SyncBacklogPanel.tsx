import { useTranslation } from 'react-i18next';
import type { SyncBacklogReport } from '../../../domain/console/reports';
import { EmptyState } from '../kit/EmptyState';
import { formatCount, formatRelative } from '../kit/format';
import { backlogLevel } from './backlog';

interface Props {
  report: SyncBacklogReport;
  nowMs: number;
  monthEnd: boolean;
}

/** "Đồng bộ thiết bị": what each technician's device still holds, red when it waits too long. */
export function SyncBacklogPanel({ report, nowMs, monthEnd }: Props) {
  const { t, i18n } = useTranslation();
  const relative = (at: string | null, fallback: string) =>
    at === null ? fallback : formatRelative(Date.parse(at), nowMs, i18n.language, t('console.dashboard.backlog.justNow'));
  const anyPending = report.items.some((row) => row.pendingRecords + row.pendingPhotos > 0);
  return (
    <section className="card dashboard-backlog" aria-labelledby="backlog-title">
      <h2 id="backlog-title" className="card__title">
        {t('console.dashboard.backlog.title')}
      </h2>
      {monthEnd && anyPending && (
        <p className="notice notice--warning" role="status">
          <strong>{t('console.dashboard.backlog.monthEnd')}.</strong> {t('console.dashboard.backlog.monthEndHint')}
        </p>
      )}
      {report.items.length === 0 ? (
        <EmptyState>{t('console.dashboard.backlog.empty')}</EmptyState>
      ) : (
        <div className="kit-table-scroll" tabIndex={0}>
          <table className="kit-table">
            <thead>
              <tr>
                <th scope="col">{t('console.dashboard.backlog.technician')}</th>
                <th scope="col">{t('console.dashboard.backlog.lastContact')}</th>
                <th scope="col" className="kit-num">
                  {t('console.dashboard.backlog.pendingRecords')}
                </th>
                <th scope="col" className="kit-num">
                  {t('console.dashboard.backlog.pendingPhotos')}
                </th>
                <th scope="col">{t('console.dashboard.backlog.oldest')}</th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((row) => {
                const level = backlogLevel(row, nowMs, monthEnd);
                return (
                  <tr key={row.technicianId} className={`backlog-row backlog-row--${level}`}>
                    <th scope="row">{row.displayName}</th>
                    <td>{relative(row.lastContactAt, t('console.dashboard.backlog.never'))}</td>
                    <td className="kit-num">{formatCount(row.pendingRecords, i18n.language)}</td>
                    <td className="kit-num">{formatCount(row.pendingPhotos, i18n.language)}</td>
                    <td>
                      {relative(row.oldestPendingAt, t('console.dashboard.backlog.none'))}
                      {level === 'overdue' && <span className="backlog-row__why">{t('console.dashboard.backlog.overdue')}</span>}
                      {level === 'monthEnd' && <span className="backlog-row__why">{t('console.dashboard.backlog.monthEnd')}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
