import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Tokens of the customer's copy of a handover record (issue 15 §3, `/bien-ban/<token>`): only the SHA-256 of each
 * token is kept (a leaked table opens nothing), with the one completion it reaches, when it stops working, and
 * whether a supervisor revoked it. Looked up by hash (the primary key); the live token of a completion by
 * completion id.
 */
export function customerCopiesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('customer_copies')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('completion_id', 'text', (c) => c.notNull().references('completions.id'))
        .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
        .addColumn('team_id', 'text', (c) => c.references('teams.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('customer_copies_completion').on('customer_copies').columns(['completion_id']).execute();
    },
  };
}
