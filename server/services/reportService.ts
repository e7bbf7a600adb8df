import type { Me } from '../../src/domain/users/auth';
import type {
  ProgressFigures,
  ProgressQuery,
  ProgressReport,
  ProgressRow,
  SyncBacklogQuery,
  SyncBacklogReport,
} from '../../src/domain/console/reports';
import { formatIsoDay } from '../../src/domain/time/time';
import type { CompletedGroup, ReportScope } from '../store/reports';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';

/**
 * The team a supervisor or admin may report on (design §9): a supervisor their own (naming another is FORBIDDEN),
 * an admin any one they name or all (null).
 */
export function reportTeam(user: Me, requested: string | undefined): Result<string | null> {
  if (user.role === 'admin') return ok(requested ?? null);
  if (user.role !== 'supervisor' || user.teamId === null) return failure('FORBIDDEN', 'Only a supervisor of a team or an admin may see reports.');
  if (requested !== undefined && requested !== user.teamId) return failure('FORBIDDEN', 'A supervisor sees their own team only.');
  return ok(user.teamId);
}

interface Accumulator extends Omit<ProgressFigures, 'firstVisitSuccessRate'> {
  firstVisit: number;
}

const emptyFigures = (): Accumulator => ({
  planned: 0,
  completed: 0,
  approved: 0,
  returned: 0,
  failed: 0,
  remaining: 0,
  awaitingPhotos: 0,
  failureReasons: {},
  cashlessBefore: 0,
  cashlessEnrolled: 0,
  firstVisit: 0,
});

function addCompleted(acc: Accumulator, g: CompletedGroup): void {
  acc.completed += g.completed;
  acc.approved += g.approved;
  acc.returned += g.returned;
  acc.awaitingPhotos += g.awaitingPhotos;
  acc.firstVisit += g.firstVisit;
  acc.cashlessBefore += g.cashlessBefore;
  acc.cashlessEnrolled += g.cashlessEnrolled;
}

function figuresOf({ firstVisit, ...acc }: Accumulator): ProgressFigures {
  return { ...acc, firstVisitSuccessRate: acc.completed === 0 ? null : firstVisit / acc.completed };
}

const byLabel = new Intl.Collator('vi');

export function createReportService(store: Store, clock: Clock) {
  /**
   * `GET /api/v1/reports/progress`: planned, completed, failed (by reason), remaining, first-visit success,
   * photos awaited and cashless figures per commune, technician or day (definitions on ProgressFigures). Four
   * GROUP BY queries read from one snapshot, merged here; totals are the sums of the rows.
   */
  async function progress(auth: AuthContext, query: ProgressQuery): Promise<Result<ProgressReport>> {
    const team = reportTeam(auth.user, query.teamId);
    if (!team.ok) return team;
    const scope: ReportScope = { teamId: team.value, commune: query.commune, technicianId: query.technicianId };
    const period = { from: query.from, to: query.to };
    const grouping = query.groupBy;

    const read = await store.snapshot(async (tx) => ({
      planned: await tx.reports.planned(grouping, scope, period),
      completed: await tx.reports.completed(grouping, scope, period),
      failed: await tx.reports.failed(grouping, scope, period),
      positions: grouping === 'commune' ? await tx.reports.communePositions(scope) : [],
    }));

    const groups = new Map<string, Accumulator>();
    const group = (key: string): Accumulator => {
      let acc = groups.get(key);
      if (acc === undefined) groups.set(key, (acc = emptyFigures()));
      return acc;
    };
    for (const g of read.planned) Object.assign(group(g.key), { planned: g.planned, remaining: g.remaining });
    for (const g of read.completed) addCompleted(group(g.key), g);
    for (const g of read.failed) {
      const acc = group(g.key);
      acc.failed += g.failed;
      acc.failureReasons[g.reason] = (acc.failureReasons[g.reason] ?? 0) + g.failed;
    }

    const names = grouping === 'technician' ? await store.reports.displayNames([...groups.keys()]) : new Map<string, string>();
    const positions = new Map(read.positions.map((p) => [p.commune, p]));
    const rows: ProgressRow[] = [...groups].map(([key, acc]) => {
      const label = grouping === 'technician' ? (names.get(key) ?? key) : grouping === 'day' ? formatIsoDay(key) : key;
      const position = positions.get(key);
      return {
        key,
        label,
        ...figuresOf(acc),
        ...(grouping === 'commune' ? { lat: position?.lat ?? null, lng: position?.lng ?? null } : {}),
      };
    });
    rows.sort((a, b) => (grouping === 'day' ? a.key.localeCompare(b.key) : byLabel.compare(a.label, b.label)));

    const total = emptyFigures();
    for (const acc of groups.values()) {
      for (const k of [
        'planned',
        'completed',
        'approved',
        'returned',
        'failed',
        'remaining',
        'awaitingPhotos',
        'cashlessBefore',
        'cashlessEnrolled',
        'firstVisit',
      ] as const) {
        total[k] += acc[k];
      }
      for (const [reason, count] of Object.entries(acc.failureReasons)) total.failureReasons[reason] = (total.failureReasons[reason] ?? 0) + count;
    }
    return ok({ groupBy: grouping, rows, totals: figuresOf(total), generatedAt: clock.now().toISOString() });
  }

  /**
   * `GET /api/v1/reports/sync-backlog`: each technician of the scope with their last contact and the backlog
   * their devices reported at their last pulls.
   */
  async function syncBacklog(auth: AuthContext, query: SyncBacklogQuery): Promise<Result<SyncBacklogReport>> {
    const team = reportTeam(auth.user, query.teamId);
    if (!team.ok) return team;
    return ok({ items: await store.reports.syncBacklog(team.value) });
  }

  return { progress, syncBacklog };
}

export type ReportService = ReturnType<typeof createReportService>;
