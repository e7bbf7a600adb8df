import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Stock at the door and back (issue 16 §3–4). `stock_movements` gains what a swap or a void says of a move: the
 * work order it happened at, a removed meter's bag label, and the technician's note (the reason for an item the
 * stock did not back, a void's note). `stock_voids`: one row per `stock.void` mutation (idempotent on its id), kept
 * whether or not the technician held the code: a void of a code the stock does not back is still field evidence,
 * flagged at reconciliation; `held` says whether it moved an item (then a `void` movement names it by mutation).
 */
export function stockCustodyMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('stock_movements').addColumn('work_order_id', 'text').execute();
      await db.schema.alterTable('stock_movements').addColumn('label', 'text').execute();
      await db.schema.alterTable('stock_movements').addColumn('note', 'text').execute();
      // A work order's installed items and removed meter (amend, review, reconciliation's "issued before install?").
      await db.schema.createIndex('stock_movements_work_order').on('stock_movements').columns(['work_order_id']).execute();
      await db.schema
        .createTable('stock_voids')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('technician_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('work_order_id', 'text')
        .addColumn('photo_ids', 'text', (c) => c.notNull())
        .addColumn('held', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('mutation_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stock_voids_team_at').on('stock_voids').columns(['team_id', 'at']).execute();
    },
  };
}
