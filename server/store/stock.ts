import { sql, type Kysely } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { SqlDialect } from './dialect';
import { advisoryLocks, LOCK_CLASS } from './locks';
import type { Database, StockItemsTable, StockMovementsTable } from './schema';

/*
 * Stock of meters and seals (issue 16): items and their append-only movements. Where an item is, is the `to_holder`
 * of its movement with the highest `seq`; nothing is kept as a count or a "current holder" column.
 */

export type NewStockItem = Omit<StockItemsTable, 'created_at'>;
/** A movement to write; what only a swap or a void says (work order, bag label, note) may be left out. */
export type NewStockMovement = Omit<StockMovementsTable, 'work_order_id' | 'label' | 'note'> &
  Partial<Pick<StockMovementsTable, 'work_order_id' | 'label' | 'note'>>;

const movementRow = (m: NewStockMovement): StockMovementsTable => ({ work_order_id: null, label: null, note: null, ...m });

/** An item with its latest movement. */
export interface StockItemNow extends StockItemsTable {
  seq: number;
  holder: string;
  since: string;
  pliers_number: string | null;
  holder_name: string | null;
}

/**
 * The latest movement `m` of each item `i` (stock_items): no later one of the same item exists. Written as `not
 * exists` so a filter on `m.to_holder` starts from that holder's movements (index stock_movements_to_holder).
 */
const LATEST = sql`stock_movements m on m.item_id = i.id
  and not exists (select 1 from stock_movements x where x.item_id = m.item_id and x.seq > m.seq)`;

export function stockRepo(db: Kysely<Database>, dialect: SqlDialect) {
  return {
    /**
     * Serialises moves of stock (PostgreSQL; SQLite has one writer): `teams` for issues and returns, plus `codes` for
     * a delivery, which must see every team's codes. Call first in the transaction.
     */
    async lock(keys: readonly string[]): Promise<void> {
      await advisoryLocks(db, dialect, LOCK_CLASS.stock, keys);
    },

    /** Which of `codes` (of `kind`) are already stock of some team: code → team id. */
    async existingCodes(kind: string, codes: readonly string[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (const part of chunks(codes, INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('stock_items').select(['code', 'team_id']).where('kind', '=', kind).where('code', 'in', part).execute();
        for (const r of rows) found.set(r.code, r.team_id);
      }
      return found;
    },

    /** Writes new items and their first movements, in the caller's transaction. */
    async insertItems(items: readonly NewStockItem[], movements: readonly NewStockMovement[], at: string): Promise<void> {
      for (const part of chunks(items, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('stock_items')
          .values(part.map((i) => ({ ...i, created_at: at })))
          .execute();
      }
      for (const part of chunks(movements, INSERT_BATCH_ROWS)) await db.insertInto('stock_movements').values(part.map(movementRow)).execute();
    },

    /** Appends movements (each with its item's next `seq`), in the caller's transaction. */
    async appendMovements(movements: readonly NewStockMovement[]): Promise<void> {
      for (const part of chunks(movements, INSERT_BATCH_ROWS)) await db.insertInto('stock_movements').values(part.map(movementRow)).execute();
    },

    /** The items of `kind` with these codes, each with its latest movement (codes not in stock are absent). */
    async findByCodes(kind: string, codes: readonly string[]): Promise<StockItemNow[]> {
      const out: StockItemNow[] = [];
      for (const part of chunks(codes, INSERT_BATCH_ROWS)) {
        const { rows } = await sql<StockItemNow>`select i.*, m.seq as seq, m.to_holder as holder, m.at as since,
            m.pliers_number as pliers_number, null as holder_name
          from stock_items i join ${LATEST}
          where i.kind = ${kind} and i.code in (${sql.join(part)})`.execute(db);
        out.push(...rows);
      }
      return out;
    },

    /**
     * A team's items as they are now, ordered by (kind, code), after the keyset `after`; optionally only those held
     * by `holder`, of `kind`, or whose code starts with `prefix`.
     */
    async list(filter: {
      teamId: string | null;
      holder?: string;
      kind?: string;
      prefix?: string;
      after?: { kind: string; code: string };
      limit: number;
    }): Promise<StockItemNow[]> {
      const conditions = [sql`1 = 1`];
      if (filter.teamId !== null) conditions.push(sql`i.team_id = ${filter.teamId}`);
      if (filter.holder !== undefined) conditions.push(sql`m.to_holder = ${filter.holder}`);
      if (filter.kind !== undefined) conditions.push(sql`i.kind = ${filter.kind}`);
      if (filter.prefix !== undefined && filter.prefix !== '') {
        // A prefix match without LIKE's wildcards: codes hold only A–Z, 0–9, "-" and "/".
        conditions.push(sql`substr(i.code, 1, ${filter.prefix.length}) = ${filter.prefix}`);
      }
      if (filter.after !== undefined)
        conditions.push(sql`(i.kind > ${filter.after.kind} or (i.kind = ${filter.after.kind} and i.code > ${filter.after.code}))`);
      const { rows } = await sql<StockItemNow>`select i.*, m.seq as seq, m.to_holder as holder, m.at as since,
          m.pliers_number as pliers_number, u.display_name as holder_name
        from stock_items i join ${LATEST}
        left join users u on m.to_holder = ${sql.lit('technician:')} || u.id
        where ${sql.join(conditions, sql` and `)}
        order by i.kind, i.code
        limit ${filter.limit}`.execute(db);
      return rows;
    },

    /** Items by id with their latest movement (the pull's upserts); ids not found are absent. */
    async findByIds(ids: readonly string[]): Promise<StockItemNow[]> {
      const out: StockItemNow[] = [];
      for (const part of chunks(ids, INSERT_BATCH_ROWS)) {
        const { rows } = await sql<StockItemNow>`select i.*, m.seq as seq, m.to_holder as holder, m.at as since,
            m.pliers_number as pliers_number, null as holder_name
          from stock_items i join ${LATEST}
          where i.id in (${sql.join(part)})`.execute(db);
        out.push(...rows);
      }
      return out;
    },

    /** How many items of each kind every holder of the team's items has now (latest movements, grouped). */
    async holdings(teamId: string): Promise<{ holder: string; kind: string; items: number }[]> {
      const { rows } = await sql<{ holder: string; kind: string; items: number | string }>`
        select m.to_holder as holder, i.kind as kind, count(*) as items
        from stock_items i join ${LATEST}
        where i.team_id = ${teamId}
        group by m.to_holder, i.kind`.execute(db);
      return rows.map((r) => ({ holder: r.holder, kind: r.kind, items: Number(r.items) }));
    },

    /** Every movement of one item, oldest first (its chain of custody). */
    async history(itemId: string): Promise<StockMovementsTable[]> {
      return db.selectFrom('stock_movements').selectAll().where('item_id', '=', itemId).orderBy('seq').execute();
    },
  };
}

export type StockRepo = ReturnType<typeof stockRepo>;
