import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The durable queue of customer notices (issue 15 §3): one row per message, keyed by its `message_id` (the
 * idempotency key: enqueueing the same id twice is one message; the gateway behind the webhook dedupes by it too).
 * A sender claims due rows by leasing them (`claimed_by`, `lease_until`): a lease that runs out (a crashed process)
 * makes the row claimable again. `notice_opt_outs` holds the households (team, customer code) that asked for none.
 */
export function noticesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('notices')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('work_order_id', 'text', (c) => c.references('work_orders.id'))
        .addColumn('customer_code', 'text', (c) => c.notNull())
        .addColumn('to_phone', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('delivered_at', 'text')
        .execute();
      // The sender's claim: due queued rows in time order.
      await db.schema.createIndex('notices_due').on('notices').columns(['status', 'next_attempt_at']).execute();
      // The CSV export and the visit job's look-ups per team and work order.
      await db.schema.createIndex('notices_team_created').on('notices').columns(['team_id', 'created_at']).execute();
      await db.schema.createIndex('notices_work_order').on('notices').columns(['work_order_id', 'template']).execute();
      await db.schema
        .createTable('notice_opt_outs')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('customer_code', 'text', (c) => c.notNull())
        .addColumn('opted_out_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('notice_opt_outs_pkey', ['team_id', 'customer_code'])
        .execute();
    },
  };
}
