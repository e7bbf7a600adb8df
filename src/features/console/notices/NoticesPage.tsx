import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTICE_OVERVIEW_MAX_ROWS, NOTICE_STATUSES, type NoticeOverviewItem, type NoticeStatusName } from '../../../domain/campaign/notices';
import type { Me } from '../../../domain/users/auth';
import { formatDateTime, formatIsoDay } from '../../../domain/time/time';
import { fetchNoticeOverview, noticesCsvUrl } from '../../../consoleApi/notices';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatCount } from '../kit/format';
import { LoadingLine } from '../kit/LoadingLine';
import { TeamSelect } from '../kit/TeamSelect';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './notices.css';

/**
 * A message's note in the user's language: why it was skipped, or how many tries a failure took. The gateway's own
 * error text has no translation: it is quoted as data after a Vietnamese lead, never passed off as a sentence of ours.
 */
function useNote() {
  const { t } = useTranslation();
  return (item: NoticeOverviewItem): ReactNode => {
    if (item.lastError === 'opted out') return t('console.notices.errors.optedOut');
    if (item.lastError === 'the plan changed') return t('console.notices.errors.planChanged');
    if (item.status === 'failed' || (item.status === 'queued' && item.attempts > 0)) {
      const attempts = t('console.notices.errors.attempts', { count: item.attempts });
      if (item.lastError === null) return attempts;
      return (
        <>
          {attempts}, {t('console.notices.errors.gateway')} <code>{item.lastError}</code>
        </>
      );
    }
    return '';
  };
}

/**
 * Messages to households (/console/notices, issue 15 §3): what the queue holds per status, the newest messages,
 * the CSV for companies that send by hand, and the households no message can reach (missing or invalid phone).
 */
export function NoticesPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const note = useNote();
  const isAdmin = me.role === 'admin';
  const [teamId, setTeamId] = useState('');
  const [status, setStatus] = useState<NoticeStatusName | ''>('');
  const query = { ...(isAdmin && teamId !== '' ? { teamId } : {}), ...(status === '' ? {} : { status }) };
  const data = useApiData(`notices:${teamId}:${status}`, () => fetchNoticeOverview(api, query));
  const overview = currentValue(data.state);
  const n = (value: number) => formatCount(value, i18n.language);

  return (
    <div className="kit-page notices-page">
      <h1 className="page-title">{t('console.notices.title')}</h1>
      <p>{t('console.notices.intro')}</p>
      <div className="kit-toolbar">
        {isAdmin && <TeamSelect label={t('console.notices.team')} emptyLabel={t('console.notices.allTeams')} value={teamId} onChange={setTeamId} />}
        <label className="field kit-team-select">
          <span className="field__label">{t('console.notices.status')}</span>
          <select className="field__input" value={status} onChange={(e) => setStatus(e.target.value as NoticeStatusName | '')}>
            <option value="">{t('console.notices.allStatuses')}</option>
            {NOTICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`console.notices.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <a className="button button--secondary" href={noticesCsvUrl(isAdmin ? teamId : undefined)} download>
          {t('console.notices.csv')}
        </a>
      </div>
      {data.state.status === 'error' && <ErrorBanner error={data.state.error} onRetry={data.reload} />}
      {overview === undefined && data.state.status === 'loading' && <LoadingLine />}
      {overview !== undefined && (
        <>
          {!overview.gateway && <p className="notice notice--warning">{t('console.notices.noGateway')}</p>}
          <ul className="notices-counts" aria-label={t('console.notices.countsLabel')}>
            {NOTICE_STATUSES.map((s) => (
              <li key={s} className={`notices-count notices-count--${s}`}>
                <span className="notices-count__value">{n(overview.counts[s])}</span>
                <span className="notices-count__label">{t(`console.notices.statuses.${s}`)}</span>
              </li>
            ))}
          </ul>
          {overview.items.length === 0 ? (
            <EmptyState>{t('console.notices.empty')}</EmptyState>
          ) : (
            <div className="kit-table-scroll" tabIndex={0} role="region" aria-labelledby="notices-caption">
              <table className="kit-table">
                <caption id="notices-caption">{t('console.notices.table.caption', { max: NOTICE_OVERVIEW_MAX_ROWS })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('console.notices.table.createdAt')}</th>
                    <th scope="col">{t('console.notices.table.template')}</th>
                    <th scope="col">{t('console.notices.table.customer')}</th>
                    <th scope="col">{t('console.notices.table.to')}</th>
                    <th scope="col">{t('console.notices.table.status')}</th>
                    <th scope="col">{t('console.notices.table.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.items.map((item) => (
                    <tr key={item.messageId}>
                      <td>{formatDateTime(new Date(item.createdAt))}</td>
                      <td>{t(`console.notices.templates.${item.template}`)}</td>
                      <td>{item.customerCode}</td>
                      <td>{item.to}</td>
                      <td>
                        <span className={`notices-status notices-status--${item.status}`}>{t(`console.notices.statuses.${item.status}`)}</span>
                      </td>
                      <td>{note(item)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <section className="notices-invalid" aria-labelledby="notices-invalid">
            <h2 id="notices-invalid" className="notices-invalid__title">
              {t('console.notices.invalid.title')}{' '}
              <span className="kit-muted">({t('console.notices.invalid.count', { count: overview.invalidPhones.total })})</span>
            </h2>
            <p>{t('console.notices.invalid.intro')}</p>
            {overview.invalidPhones.total === 0 ? (
              <EmptyState>{t('console.notices.invalid.none')}</EmptyState>
            ) : (
              <div className="kit-table-scroll" tabIndex={0} role="region" aria-labelledby="notices-invalid-caption">
                <table className="kit-table">
                  <caption id="notices-invalid-caption">{t('console.notices.invalid.caption', { max: NOTICE_OVERVIEW_MAX_ROWS })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('console.notices.invalid.code')}</th>
                      <th scope="col">{t('console.notices.invalid.customer')}</th>
                      <th scope="col">{t('console.notices.invalid.phone')}</th>
                      <th scope="col">{t('console.notices.invalid.commune')}</th>
                      <th scope="col">{t('console.notices.invalid.plannedDate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.invalidPhones.items.map((order) => (
                      <tr key={order.workOrderId}>
                        <td>{order.code}</td>
                        <td>
                          {order.customerName} <span className="kit-muted">{order.customerCode}</span>
                        </td>
                        <td>{order.phone ?? t('console.notices.invalid.noPhone')}</td>
                        <td>{order.commune}</td>
                        <td>{order.plannedDate === null ? '—' : formatIsoDay(order.plannedDate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
