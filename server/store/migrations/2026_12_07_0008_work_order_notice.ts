import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Whether a work order's household was told of the visit (issue 15 §3, src/domain/workOrder/notice.ts), as JSON
 * `{via, state, at, forDate}`: written when the gateway takes, delivers or gives up a visit notice, and by the
 * technician's `workOrder.notify`. Travels with the work order to the device. And the index the visit-notice job
 * reads by (orders planned in the next days, of every team: work_orders_team_planned leads with the team).
 */
export function workOrderNoticeMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('work_orders').addColumn('notice', 'text').execute();
      await db.schema.createIndex('work_orders_planned_status').on('work_orders').columns(['planned_date', 'status']).execute();
    },
  };
}
