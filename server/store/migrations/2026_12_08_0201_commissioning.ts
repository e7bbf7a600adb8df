import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Commissioning confirmed by the head-end system (issue 17).
 * - `api_tokens`: machine-to-machine credentials an admin creates (only the SHA-256 of the token is kept), scoped to
 *   one endpoint, revocable.
 * - `commissioning`: one row per primary completion written since this migration (state awaiting → confirmed |
 *   mismatch | overdue), with the first reading that decided it and the follow-up work order of an overdue one.
 * - `hes_readings`: every reading received, unique per (serial, read_at) so a replay stores nothing twice; a
 *   reading of a serial installed nowhere is kept with `completion_id` null and listed.
 * - `hes_messages`: the head-end's message ids already applied, with their answer (a replay answers the same).
 */
export function commissioningMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
        .execute();
      await db.schema
        .createTable('commissioning')
        .addColumn('completion_id', 'text', (c) => c.primaryKey().references('completions.id'))
        .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
        .addColumn('technician_id', 'text', (c) => c.notNull())
        .addColumn('installed_at', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reading_id', 'text')
        .addColumn('first_read_at', 'text')
        .addColumn('first_read_total', 'real')
        .addColumn('comm_type', 'text')
        .addColumn('reason', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('follow_up_work_order_id', 'text')
        .execute();
      // The overdue sweep: awaiting rows in install order.
      await db.schema.createIndex('commissioning_state_installed').on('commissioning').columns(['state', 'installed_at']).execute();
      await db.schema.createIndex('commissioning_work_order').on('commissioning').column('work_order_id').execute();
      await db.schema
        .createTable('hes_readings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('serial', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text', (c) => c.notNull())
        .addColumn('total', 'real', (c) => c.notNull())
        .addColumn('normal', 'real')
        .addColumn('peak', 'real')
        .addColumn('off_peak', 'real')
        .addColumn('comm_type', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('completion_id', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addUniqueConstraint('hes_readings_serial_read_at', ['serial', 'read_at'])
        .execute();
      await db.schema.createIndex('hes_readings_outcome').on('hes_readings').columns(['outcome', 'received_at']).execute();
      await db.schema
        .createTable('hes_messages')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('body_hash', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
