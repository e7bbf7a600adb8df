import { sql, type Kysely, type Migration } from 'kysely';
import { workOrderSearchText } from '../workOrderSearch';

/** Rows the backfill reads and rewrites per round trip. */
const BACKFILL_BATCH_ROWS = 500;

interface BackfillRow {
  id: string;
  code: string;
  customer_code: string;
  customer_name: string;
  old_meter_serial: string;
}

/**
 * What the supervisor's list, map and import need (design §9):
 * - `work_orders.search_text`: code, customer code and name, old meter serial, lower-cased without Vietnamese
 *   diacritics, written with every insert or update of those fields, so `q` is one LIKE on both dialects and
 *   "hoa" finds "Hòa" without a collation or an extension;
 * - indexes for a team's list in code order (keyset pagination) covering the map's columns, and for the commune
 *   and planned-date filters.
 */
export function workOrderQueriesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('work_orders').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();
      await backfill(db);
      // Covers the map query (every column it selects), so 100,000 markers are read from the index alone; its
      // (team_id, code) prefix also serves the list's keyset pages.
      await db.schema.createIndex('work_orders_team_code_map').on('work_orders')
        .columns(['team_id', 'code', 'id', 'lat', 'lng', 'status', 'assignee_id', 'commune', 'planned_date']).execute();
      await db.schema.createIndex('work_orders_team_commune').on('work_orders').columns(['team_id', 'commune']).execute();
      await db.schema.createIndex('work_orders_team_planned').on('work_orders').columns(['team_id', 'planned_date']).execute();
    },
  };
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await sql<BackfillRow>`select id, code, customer_code, customer_name, old_meter_serial from work_orders
      where id > ${after} order by id limit ${BACKFILL_BATCH_ROWS}`.execute(db);
    for (const row of rows) {
      const text = workOrderSearchText({ code: row.code, customerCode: row.customer_code, customerName: row.customer_name, oldMeterSerial: row.old_meter_serial });
      await sql`update work_orders set search_text = ${text} where id = ${row.id}`.execute(db);
    }
    const last = rows.at(-1);
    if (last === undefined) return;
    after = last.id;
  }
}
