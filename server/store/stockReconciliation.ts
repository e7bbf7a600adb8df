import { sql, type Kysely } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { Database } from './schema';

/*
 * What the end-of-day stock reconciliation reads (issue 16 §4): a team's movements of a day, the movements of the
 * items its technicians may hold, the installs of the day's completions' work orders, the day's voids and primary
 * completions. Times are compared as text here with a day's margin either side (a device's instant may carry an
 * offset, and text order is instant order only in one zone); the caller keeps what falls in the day exactly.
 */

/** A movement with its item's kind and code and its work order's code. */
export interface MovementFactRow {
  item_id: string;
  seq: number | string;
  item_kind: string;
  code: string;
  kind: string;
  from_holder: string | null;
  to_holder: string;
  at: string;
  work_order_id: string | null;
  work_order_code: string | null;
}

export interface VoidFactRow {
  technician_id: string;
  kind: string;
  code: string;
  held: number | string;
  at: string;
  work_order_id: string | null;
  work_order_code: string | null;
  /** A JSON array of photo ids. */
  photo_ids: string;
}

export interface CompletionFactRow {
  work_order_id: string;
  work_order_code: string;
  technician_id: string;
  captured_at: string;
  payload: string;
}

const MOVEMENT_COLUMNS = sql`m.item_id as item_id, m.seq as seq, i.kind as item_kind, i.code as code, m.kind as kind,
  m.from_holder as from_holder, m.to_holder as to_holder, m.at as at, m.work_order_id as work_order_id, w.code as work_order_code`;
const MOVEMENT_FROM = sql`stock_movements m join stock_items i on i.id = m.item_id left join work_orders w on w.id = m.work_order_id`;

export function stockReconciliationRepo(db: Kysely<Database>) {
  return {
    /** The team's movements with `at` in [from, to) as text (index stock_movements_team_at). */
    async teamMovements(teamId: string, from: string, to: string): Promise<MovementFactRow[]> {
      const { rows } = await sql<MovementFactRow>`select ${MOVEMENT_COLUMNS} from ${MOVEMENT_FROM}
        where m.team_id = ${teamId} and m.at >= ${from} and m.at < ${to}`.execute(db);
      return rows;
    },

    /**
     * Every movement before `to` of the items that went to one of `holders` before `to` and did not move on before
     * `from`: all that may be in those hands at some instant of [from, to) (index stock_movements_to_holder).
     */
    async heldMovements(holders: readonly string[], from: string, to: string): Promise<MovementFactRow[]> {
      const out: MovementFactRow[] = [];
      for (const part of chunks(holders, INSERT_BATCH_ROWS)) {
        const { rows } = await sql<MovementFactRow>`select ${MOVEMENT_COLUMNS} from ${MOVEMENT_FROM}
          where m.at < ${to} and m.item_id in (
            select c.item_id from stock_movements c
            where c.to_holder in (${sql.join(part)}) and c.at < ${to}
              and not exists (select 1 from stock_movements x where x.item_id = c.item_id and x.seq > c.seq and x.at < ${from}))`.execute(db);
        out.push(...rows);
      }
      return out;
    },

    /** The `install` movements at these work orders, whenever written (index stock_movements_work_order). */
    async installsAt(workOrderIds: readonly string[]): Promise<MovementFactRow[]> {
      const out: MovementFactRow[] = [];
      for (const part of chunks(workOrderIds, INSERT_BATCH_ROWS)) {
        const { rows } = await sql<MovementFactRow>`select ${MOVEMENT_COLUMNS} from ${MOVEMENT_FROM}
          where m.work_order_id in (${sql.join(part)}) and m.kind = ${'install'}`.execute(db);
        out.push(...rows);
      }
      return out;
    },

    /** Which of `holders` were ever issued stock before `to` (index stock_movements_to_holder). */
    async issuedHolders(holders: readonly string[], to: string): Promise<Set<string>> {
      const out = new Set<string>();
      for (const part of chunks(holders, INSERT_BATCH_ROWS)) {
        const { rows } = await sql<{ to_holder: string }>`select distinct m.to_holder as to_holder from stock_movements m
          where m.to_holder in (${sql.join(part)}) and m.kind = ${'issue'} and m.at < ${to}`.execute(db);
        for (const r of rows) out.add(r.to_holder);
      }
      return out;
    },

    /** The team's voids with `at` in [from, to) as text (index stock_voids_team_at). */
    async voids(teamId: string, from: string, to: string): Promise<VoidFactRow[]> {
      const { rows } = await sql<VoidFactRow>`select v.technician_id as technician_id, v.kind as kind, v.code as code, v.held as held,
          v.at as at, v.work_order_id as work_order_id, w.code as work_order_code, v.photo_ids as photo_ids
        from stock_voids v left join work_orders w on w.id = v.work_order_id
        where v.team_id = ${teamId} and v.at >= ${from} and v.at < ${to}`.execute(db);
      return rows;
    },

    /** The primary completions of the team's work orders captured on `day` in Vietnam (captured_day, kept by triggers). */
    async completions(teamId: string, day: string): Promise<CompletionFactRow[]> {
      const { rows } = await sql<CompletionFactRow>`select c.work_order_id as work_order_id, w.code as work_order_code,
          c.technician_id as technician_id, c.captured_at as captured_at, c.payload as payload
        from completions c join work_orders w on w.id = c.work_order_id
        where c.is_primary = 1 and c.captured_day = ${day} and w.team_id = ${teamId}`.execute(db);
      return rows;
    },
  };
}

export type StockReconciliationRepo = ReturnType<typeof stockReconciliationRepo>;
