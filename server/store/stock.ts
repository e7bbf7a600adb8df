import { sql, type Kysely } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { SqlDialect } from './dialect';
import { advisoryLocks, LOCK_CLASS } from './locks';
import type { Database, StockItemsTable, StockMovementsTable, StockVoidsTable } from './schema';

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
  /** The latest movement's kind and where it came from; a removed meter's bag label and work order (NOW_COLUMNS). */
  movement_kind: string;
  from_holder: string | null;
  movement_work_order_id: string | null;
  label: string | null;
}

/**
 * The latest movement's columns every read of an item carries (StockItemNow). A removed meter's bag label and work
 * order are those of its latest `remove` (it keeps them in the warehouse after a return); on the key, one row each.
 */
const LAST_REMOVE = (column: 'label' | 'work_order_id') =>
  sql`case when i.kind = ${'removed'} then (select r.${sql.ref(column)} from stock_movements r
    where r.item_id = i.id and r.kind = ${'remove'} order by r.seq desc limit 1) end`;
const NOW_COLUMNS = sql`m.seq as seq, m.to_holder as holder, m.at as since, m.pliers_number as pliers_number,
  m.kind as movement_kind, m.from_holder as from_holder, ${LAST_REMOVE('work_order_id')} as movement_work_order_id,
  ${LAST_REMOVE('label')} as label`;

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
        const { rows } = await sql<StockItemNow>`select i.*, ${NOW_COLUMNS}, null as holder_name
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
      const { rows } = await sql<StockItemNow>`select i.*, ${NOW_COLUMNS}, u.display_name as holder_name
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
        const { rows } = await sql<StockItemNow>`select i.*, ${NOW_COLUMNS}, null as holder_name
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

    /**
     * What a swap needs of stock, in one statement (a push of 50 swaps costs statements, design §5): the items of
     * these (kind, code) pairs and the items `site` holds now, each once, with `removed_here` 1 when the item was
     * removed at `workOrderId` before. Two branches joined by `union`, so each reads its own index.
     */
    async readForSwap(
      pairs: readonly { kind: string; code: string }[],
      site: string,
      workOrderId: string,
    ): Promise<(StockItemNow & { removed_here: number })[]> {
      const here = sql`case when i.kind = ${'removed'} and exists (select 1 from stock_movements r
        where r.item_id = i.id and r.kind = ${'remove'} and r.work_order_id = ${workOrderId}) then 1 else 0 end`;
      const byCode =
        pairs.length === 0
          ? sql``
          : sql`select i.*, ${NOW_COLUMNS}, null as holder_name, ${here} as removed_here
              from stock_items i join ${LATEST}
              where (i.kind, i.code) in (values ${sql.join(pairs.map((p) => sql`(${p.kind}, ${p.code})`))})
              union `;
      const { rows } = await sql<StockItemNow & { removed_here: number | string }>`${byCode}select i.*, ${NOW_COLUMNS}, null as holder_name,
          ${here} as removed_here
        from stock_items i join ${LATEST}
        where m.to_holder = ${site}`.execute(db);
      return rows.map((r) => ({ ...r, removed_here: Number(r.removed_here) }));
    },

    /**
     * Writes a new item with its first movement unless an item of its (kind, code) exists already; true when written.
     * One statement on PostgreSQL (a data-modifying `with`), two on SQLite (in process: no round trip to save).
     */
    async insertIfAbsent(item: NewStockItem, first: NewStockMovement, at: string): Promise<boolean> {
      const m = movementRow(first);
      if (dialect === 'postgres') {
        const { rows } = await sql<{ item_id: string }>`with i as (
            insert into stock_items (id, team_id, kind, code, model, phases, manufacture_year, verified_on, verification_no,
              remote_read, seal_kind, lot, created_at)
            values (${item.id}, ${item.team_id}, ${item.kind}, ${item.code}, ${item.model}, ${item.phases}, ${item.manufacture_year},
              ${item.verified_on}, ${item.verification_no}, ${item.remote_read}, ${item.seal_kind}, ${item.lot}, ${at})
            on conflict (kind, code) do nothing returning id)
          insert into stock_movements (item_id, seq, team_id, kind, from_holder, to_holder, batch_id, actor_id, at, pliers_number,
            mutation_id, work_order_id, label, note)
          select i.id, ${m.seq}, ${m.team_id}, ${m.kind}, ${m.from_holder}, ${m.to_holder}, ${m.batch_id}, ${m.actor_id}, ${m.at},
            ${m.pliers_number}, ${m.mutation_id}, ${m.work_order_id}, ${m.label}, ${m.note} from i
          returning item_id`.execute(db);
        return rows.length > 0;
      }
      const inserted = await db
        .insertInto('stock_items')
        .values({ ...item, created_at: at })
        .onConflict((oc) => oc.columns(['kind', 'code']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted === undefined) return false;
      await db.insertInto('stock_movements').values(m).execute();
      return true;
    },

    /** The items `holder` holds now (an `installed:<workOrder>` holder: what the order's record installed). */
    async heldBy(holder: string): Promise<StockItemNow[]> {
      const { rows } = await sql<StockItemNow>`select i.*, ${NOW_COLUMNS}, null as holder_name
        from stock_items i join ${LATEST}
        where m.to_holder = ${holder}
        order by i.kind, i.code`.execute(db);
      return rows;
    },

    /** Removed meters `holder` holds now whose code or latest bag label is one of `codes`. */
    async removedHeldByCodeOrLabel(holder: string, codes: readonly string[]): Promise<StockItemNow[]> {
      if (codes.length === 0) return [];
      const out: StockItemNow[] = [];
      for (const part of chunks(codes, INSERT_BATCH_ROWS)) {
        const { rows } = await sql<StockItemNow>`select i.*, ${NOW_COLUMNS}, null as holder_name
          from stock_items i join ${LATEST}
          where m.to_holder = ${holder} and i.kind = ${'removed'}
            and (i.code in (${sql.join(part)}) or m.label in (${sql.join(part)}))`.execute(db);
        out.push(...rows);
      }
      return out;
    },

    /** Whether `itemId` was ever removed at `workOrderId` (a `remove` movement of that order). */
    async wasRemovedAt(itemId: string, workOrderId: string): Promise<boolean> {
      const row = await db
        .selectFrom('stock_movements')
        .select('seq')
        .where('item_id', '=', itemId)
        .where('kind', '=', 'remove')
        .where('work_order_id', '=', workOrderId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Whether anything was ever issued to `holder` (a technician who works from stock). */
    async everIssuedTo(holder: string): Promise<boolean> {
      const row = await db
        .selectFrom('stock_movements')
        .select('seq')
        .where('to_holder', '=', holder)
        .where('kind', '=', 'issue')
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async findVoid(id: string): Promise<StockVoidsTable | undefined> {
      return db.selectFrom('stock_voids').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertVoid(row: StockVoidsTable): Promise<void> {
      await db.insertInto('stock_voids').values(row).execute();
    },

    /**
     * Teams whose voids show the photo *and* whose technician uploaded it: the supervisors who may see it (issue 16
     * §4). As for a completion, quoting somebody else's photo id in a void grants nobody sight of it.
     */
    async voidPhotoTeamIds(photoId: string): Promise<string[]> {
      // Photo ids are lowercase hex: the LIKE pattern (a JSON array of ids) holds no wildcard.
      if (!/^[0-9a-f]{64}$/.test(photoId)) return [];
      const rows = await db
        .selectFrom('stock_voids as v')
        .innerJoin('photo_uploaders as u', (join) => join.onRef('u.user_id', '=', 'v.technician_id').on('u.photo_id', '=', photoId))
        .select('v.team_id')
        .distinct()
        .where('v.photo_ids', 'like', `%"${photoId}"%`)
        .execute();
      return rows.map((r) => r.team_id);
    },

    /** Every movement of one item, oldest first (its chain of custody). */
    async history(itemId: string): Promise<StockMovementsTable[]> {
      return db.selectFrom('stock_movements').selectAll().where('item_id', '=', itemId).orderBy('seq').execute();
    },
  };
}

export type StockRepo = ReturnType<typeof stockRepo>;
