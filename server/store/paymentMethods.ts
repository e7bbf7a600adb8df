import { sql, type Kysely, type RawBuilder } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { Database } from './schema';
import { COMPLETED_STATUSES } from './reports';

/*
 * The billing system's payment methods (issue 15 §4): the import's writes and the cashless report's reads. The
 * report's rule for "before" and "after" a visit (src/domain/console/cashless.ts `billingSide`) is written in SQL
 * here: before = the latest period earlier than the visit's month, after = the latest period later than it.
 */

export interface PaymentMethodRow {
  customerCode: string;
  period: string;
  method: string;
}

/** The cashless counts of one group of visited work orders (the goal is derived by the service). */
export interface CashlessCounts {
  visited: number;
  claimedBefore: number;
  claimedEnrolled: number;
  realBefore: number;
  realAfter: number;
  noDataBefore: number;
  noDataAfter: number;
}

/** One visited work order of a commune with its counts (0/1), for grouping by hamlet in the service. */
export interface CashlessOrder extends CashlessCounts {
  hamlet: string | null;
  address: string;
}

const n = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export function paymentMethodsRepo(db: Kysely<Database>) {
  /** The visited orders of a scope with, per order, 0/1 flags; `grp` is the grouping column. */
  function visitedOrders(teamId: string | null, commune: string | undefined, columns: RawBuilder<unknown>): RawBuilder<unknown> {
    const conditions = [sql`c.is_primary = 1`, sql`w.status in (${list(COMPLETED_STATUSES)})`];
    if (teamId !== null) conditions.push(sql`w.team_id = ${teamId}`);
    if (commune !== undefined) conditions.push(sql`w.commune = ${commune}`);
    // The visit's month as `YYYY-MM` (captured_day is the Vietnam day, trigger-kept).
    const month = sql`substr(c.captured_day, 1, 7)`;
    const latest = (side: RawBuilder<unknown>) => sql`(select p.method from payment_methods p
        where p.team_id = w.team_id and p.customer_code = w.customer_code and ${side}
        order by p.period desc limit 1)`;
    return sql`select ${columns},
        case when c.cashless_current <> 'cash' then 1 else 0 end as claimed_before,
        c.cashless_new as claimed_enrolled,
        ${latest(sql`p.period < ${month}`)} as before_method,
        ${latest(sql`p.period > ${month}`)} as after_method
      from completions c join work_orders w on w.id = c.work_order_id
      where ${sql.join(conditions, sql` and `)}`;
  }

  const sums = sql`count(*) as visited, sum(claimed_before) as claimed_before, sum(claimed_enrolled) as claimed_enrolled,
    sum(case when before_method <> 'cash' then 1 else 0 end) as real_before,
    sum(case when after_method <> 'cash' then 1 else 0 end) as real_after,
    sum(case when before_method is null then 1 else 0 end) as no_data_before,
    sum(case when after_method is null then 1 else 0 end) as no_data_after`;

  const counts = (r: Record<string, unknown>): CashlessCounts => ({
    visited: n(r.visited),
    claimedBefore: n(r.claimed_before),
    claimedEnrolled: n(r.claimed_enrolled),
    realBefore: n(r.real_before),
    realAfter: n(r.real_after),
    noDataBefore: n(r.no_data_before),
    noDataAfter: n(r.no_data_after),
  });

  return {
    /** Every customer code the team has a work order for (one query; at most the team's orders, e.g. 50,000 codes). */
    async teamCustomers(teamId: string): Promise<Set<string>> {
      const rows = await db.selectFrom('work_orders').select('customer_code').distinct().where('team_id', '=', teamId).execute();
      return new Set(rows.map((r) => r.customer_code));
    },

    /**
     * Replaces the team's rows of every period in `periods` with `rows` (all of those periods), in the caller's
     * transaction: a re-import of a period is the period as billing now sees it.
     */
    async replacePeriods(teamId: string, periods: readonly string[], rows: readonly PaymentMethodRow[], importedAt: string): Promise<void> {
      for (const part of chunks(periods, INSERT_BATCH_ROWS)) {
        await db.deleteFrom('payment_methods').where('team_id', '=', teamId).where('period', 'in', part).execute();
      }
      for (const part of chunks(rows, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('payment_methods')
          .values(part.map((r) => ({ team_id: teamId, customer_code: r.customerCode, period: r.period, method: r.method, imported_at: importedAt })))
          .execute();
      }
    },

    /** The latest period imported for the scope (null: none yet). */
    async latestPeriod(teamId: string | null): Promise<string | null> {
      let query = db.selectFrom('payment_methods').select((eb) => eb.fn.max('period').as('latest'));
      if (teamId !== null) query = query.where('team_id', '=', teamId);
      const row = await query.executeTakeFirst();
      return typeof row?.latest === 'string' ? row.latest : null;
    },

    /** Cashless counts per commune of the scope, aggregated in SQL. */
    async byCommune(teamId: string | null): Promise<(CashlessCounts & { commune: string })[]> {
      const { rows } = await sql<Record<string, unknown> & { commune: string }>`
        select commune, ${sums} from (${visitedOrders(teamId, undefined, sql`w.commune as commune`)}) v
        group by commune`.execute(db);
      return rows.map((r) => ({ commune: r.commune, ...counts(r) }));
    },

    /**
     * The visited orders of one commune with their 0/1 counts, grouped by hamlet column and address in SQL (a
     * hamlet may come from the address, which only the domain reads: the service folds these into hamlets).
     */
    async communeOrders(teamId: string | null, commune: string): Promise<CashlessOrder[]> {
      const { rows } = await sql<Record<string, unknown> & { hamlet: string | null; address: string }>`
        select hamlet, address, ${sums}
        from (${visitedOrders(teamId, commune, sql`w.hamlet as hamlet, w.address as address`)}) v
        group by hamlet, address`.execute(db);
      return rows.map((r) => ({ hamlet: r.hamlet, address: r.address, ...counts(r) }));
    },
  };
}

export type PaymentMethodsRepo = ReturnType<typeof paymentMethodsRepo>;
