import { hamletOf } from '../../src/domain/campaign/hamlet';
import { cashlessFigures, type CashlessFigures, type CashlessQuery, type CashlessReport } from '../../src/domain/console/cashless';
import { ok } from '../../src/domain/protocol/result';
import type { CashlessCounts } from '../store/paymentMethods';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Result } from './result';
import { reportTeam } from './reportService';

const byLabel = new Intl.Collator('vi', { numeric: true });

const zero = (): CashlessCounts => ({
  visited: 0,
  claimedBefore: 0,
  claimedEnrolled: 0,
  realBefore: 0,
  realAfter: 0,
  noDataBefore: 0,
  noDataAfter: 0,
});

function add(acc: CashlessCounts, c: CashlessCounts): void {
  acc.visited += c.visited;
  acc.claimedBefore += c.claimedBefore;
  acc.claimedEnrolled += c.claimedEnrolled;
  acc.realBefore += c.realBefore;
  acc.realAfter += c.realAfter;
  acc.noDataBefore += c.noDataBefore;
  acc.noDataAfter += c.noDataAfter;
}

/**
 * `GET /api/v1/reports/cashless` (issue 15 §4): per commune (or per hamlet of one commune) the households visited,
 * the cashless figures technicians recorded (claimed) and the billing system's (real) before and after the visit,
 * against the doubling goal. Communes are aggregated in SQL; a commune's hamlets are folded here from its orders'
 * (hamlet, address) groups, since a hamlet may come from the address (hamletOf).
 */
export function createCashlessService(store: Store) {
  async function report(auth: AuthContext, query: CashlessQuery): Promise<Result<CashlessReport>> {
    const team = reportTeam(auth.user, query.teamId);
    if (!team.ok) return team;
    const teamId = team.value;
    const commune = query.commune ?? null;
    const read = await store.snapshot(async (tx) => ({
      latestPeriod: await tx.paymentMethods.latestPeriod(teamId),
      groups:
        commune === null
          ? (await tx.paymentMethods.byCommune(teamId)).map(({ commune: key, ...counts }) => ({ key, counts }))
          : (await tx.paymentMethods.communeOrders(teamId, commune)).map(({ hamlet, address, ...counts }) => ({
              key: hamletOf({ hamlet, address }),
              counts,
            })),
    }));
    const groups = new Map<string, CashlessCounts>();
    const total = zero();
    for (const { key, counts } of read.groups) {
      let acc = groups.get(key);
      if (acc === undefined) groups.set(key, (acc = zero()));
      add(acc, counts);
      add(total, counts);
    }
    const rows = [...groups]
      .map(([key, counts]) => ({ key, label: key, ...cashlessFigures(counts) }))
      .sort((a, b) => byLabel.compare(a.label, b.label));
    const totals: CashlessFigures = cashlessFigures(total);
    return ok({ groupBy: commune === null ? 'commune' : 'hamlet', commune, latestPeriod: read.latestPeriod, rows, totals });
  }

  return { report };
}

export type CashlessService = ReturnType<typeof createCashlessService>;
