import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatform, useToday } from '../../../platform/PlatformContext';
import type { Me } from '../../../domain/users/auth';
import type { ProgressQuery } from '../../../domain/console/reports';
import { formatIsoDay } from '../../../domain/time/time';
import { fetchProgress, fetchSyncBacklog } from '../../../consoleApi/reports';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import { TeamSelect } from '../kit/TeamSelect';
import '../kit/consoleKit.css';
import './dashboard.css';
import { CommissioningPanel } from './CommissioningPanel';
import { ExportForm } from './ExportForm';
import { isMonthEnd, isReversedPeriod, isValidPeriod, periodOf, type Period, type PeriodKind } from './period';
import { PeriodPicker } from './PeriodPicker';
import { ProgressTable } from './ProgressTable';
import { SyncBacklogPanel } from './SyncBacklogPanel';

const DashboardCharts = lazy(() => import('./DashboardCharts'));

type GroupBy = ProgressQuery['groupBy'];
const GROUPS: readonly GroupBy[] = ['commune', 'technician', 'day'];

/** The supervisor's morning screen (/console/dashboard): progress, charts, device sync, CSV export. */
export function DashboardPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const { clock } = usePlatform();
  const today = useToday();
  const [kind, setKind] = useState<PeriodKind>('today');
  const [custom, setCustom] = useState<Period>(() => periodOf('week', today));
  const [groupBy, setGroupBy] = useState<GroupBy>('commune');
  // Admins see every team unless they pick one; a supervisor's reports are always their own team's.
  const [teamId, setTeamId] = useState('');
  const team = me.role === 'admin' && teamId !== '' ? { teamId } : {};
  const period = kind === 'custom' ? custom : periodOf(kind, today);
  const valid = isValidPeriod(period);
  const progressKey = valid ? `progress:${groupBy}:${period.from}:${period.to}:${teamId}` : null;
  const progress = useApiData(progressKey, () => fetchProgress(api, { groupBy, ...period, ...team }));
  // The per-day chart needs day rows; the day view already has them.
  const daily = useApiData(groupBy === 'day' || !valid ? null : `daily:${period.from}:${period.to}:${teamId}`, () =>
    fetchProgress(api, { groupBy: 'day', ...period, ...team }),
  );
  const backlog = useApiData(`backlog:${teamId}`, () => fetchSyncBacklog(api, team));
  const report = valid ? currentValue(progress.state) : undefined;
  const dailyReport = groupBy === 'day' ? report : currentValue(daily.state);
  const range = t('console.dashboard.period.range', { from: formatIsoDay(period.from), to: formatIsoDay(period.to) });
  const backlogReport = currentValue(backlog.state);

  return (
    <div className="kit-page dashboard-page">
      <h1 className="page-title">{t('console.dashboard.title')}</h1>
      {me.role === 'admin' && (
        <TeamSelect label={t('console.dashboard.team')} emptyLabel={t('console.dashboard.allTeams')} value={teamId} onChange={setTeamId} />
      )}
      <PeriodPicker
        kind={kind}
        period={period}
        onKind={(k) => {
          if (k === 'custom' && kind !== 'custom') setCustom(period);
          setKind(k);
        }}
        onCustom={setCustom}
      />
      {isReversedPeriod(period) && (
        <p className="notice notice--error" role="alert">
          {t('console.dashboard.period.invalid')}
        </p>
      )}
      <div className="kit-tabs" role="tablist" aria-label={t('console.dashboard.groupBy.label')}>
        {GROUPS.map((g) => (
          <button key={g} type="button" role="tab" aria-selected={g === groupBy} onClick={() => setGroupBy(g)}>
            {t(`console.dashboard.groupBy.${g}`)}
          </button>
        ))}
      </div>
      {progress.state.status === 'error' && <ErrorBanner error={progress.state.error} onRetry={progress.reload} />}
      {valid && report === undefined && progress.state.status === 'loading' && <LoadingLine />}
      {report !== undefined &&
        (report.rows.length === 0 ? (
          <EmptyState>{t('console.dashboard.table.empty')}</EmptyState>
        ) : (
          <>
            <ProgressTable
              report={report}
              caption={t('console.dashboard.table.caption', { group: t(`console.dashboard.groupBy.${report.groupBy}`).toLowerCase(), range })}
            />
            <Suspense fallback={<LoadingLine />}>
              <DashboardCharts report={report} daily={dailyReport} />
            </Suspense>
          </>
        ))}
      <div className="dashboard-bottom">
        {backlog.state.status === 'error' && <ErrorBanner error={backlog.state.error} onRetry={backlog.reload} />}
        {backlogReport !== undefined && <SyncBacklogPanel report={backlogReport} nowMs={clock.now()} monthEnd={isMonthEnd(today)} />}
        <ExportForm key={`${period.from}:${period.to}:${teamId}`} initial={period} {...team} />
      </div>
      {valid && <CommissioningPanel period={period} teamId={team.teamId} />}
    </div>
  );
}
