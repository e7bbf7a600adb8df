import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
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
      await db.schema
        .alterTable('work_orders')
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await backfill(db);
      // Covers the map query (every column it selects), so 100,000 markers are read from the index alone; its
      // (team_id, code) prefix also serves the list's keyset pages.
      await db.schema
        .createIndex('work_orders_team_code_map')
        .on('work_orders')
        .columns(['team_id', 'code', 'id', 'lat', 'lng', 'status', 'assignee_id', 'commune', 'planned_date'])
        .execute();
      await db.schema.createIndex('work_orders_team_commune').on('work_orders').columns(['team_id', 'commune']).execute();
      await db.schema.createIndex('work_orders_team_planned').on('work_orders').columns(['team_id', 'planned_date']).execute();
    },
  };
}

/** Folding needs JavaScript (no portable SQL for it): rows are read and rewritten 500 at a time, one statement each way. */
async function backfill(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await sql<BackfillRow>`select id, code, customer_code, customer_name, old_meter_serial from work_orders
      where id > ${after} order by id limit ${BACKFILL_BATCH_ROWS}`.execute(db);
    const last = rows.at(-1);
    if (last === undefined) return;
    const values = sql.join(
      rows.map((row) => {
        const text = workOrderSearchText({
          code: row.code,
          customerCode: row.customer_code,
          customerName: row.customer_name,
          oldMeterSerial: row.old_meter_serial,
        });
        return sql`(${row.id}, ${text})`;
      }),
    );
    // A CTE with a column list reads the same on SQLite and PostgreSQL (UPDATE … FROM VALUES aliases differ).
    await sql`with folded (id, text) as (values ${values})
      update work_orders set search_text = (select folded.text from folded where folded.id = work_orders.id)
      where id in (select id from folded)`.execute(db);
    after = last.id;
  }
}
