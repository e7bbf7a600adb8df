import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The commune's roadmap (issue 15 §1):
 * - `work_orders.hamlet`: the hamlet (thôn / tổ dân phố / ấp / khóm) the import's THON column gave, trimmed, or null;
 *   the roadmap groups by it, or by the hamlet the address names when it is null (computed by the service, so no
 *   index on it: a commune's orders are read through `work_orders_team_commune`);
 * - `roadmap_confirmations`: who last confirmed a plan of a (team, commune), when, and with what capacity per
 *   technician per day. The plan itself is the orders' planned dates and assignees.
 */
export function roadmapsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('work_orders').addColumn('hamlet', 'text').execute();
      await db.schema
        .createTable('roadmap_confirmations')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('commune', 'text', (c) => c.notNull())
        .addColumn('confirmed_by', 'text', (c) => c.references('users.id'))
        .addColumn('confirmed_at', 'text', (c) => c.notNull())
        .addColumn('capacity_per_day', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('roadmap_confirmations_pkey', ['team_id', 'commune'])
        .execute();
    },
  };
}
