import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Meters and seals in stock (issue 16). `stock_items`: one row per new meter (by serial) or seal (by code), with
 * what the warehouse's delivery list says of it; a code is unique per kind across every team. `stock_movements`:
 * append-only, one row per move of one item (delivery, issue, return, …), numbered per item (`seq` 1, 2, …): the
 * item's holder is the `to_holder` of its highest `seq`, and two moves of one item racing collide on the key.
 */
export function stockMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('stock_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('model', 'text')
        .addColumn('phases', 'integer')
        .addColumn('manufacture_year', 'integer')
        .addColumn('verified_on', 'text')
        .addColumn('verification_no', 'text')
        .addColumn('remote_read', 'text')
        .addColumn('seal_kind', 'text')
        .addColumn('lot', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('stock_items_kind_code', ['kind', 'code'])
        .execute();
      await db.schema
        .createTable('stock_movements')
        .addColumn('item_id', 'text', (c) => c.notNull().references('stock_items.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('from_holder', 'text')
        .addColumn('to_holder', 'text', (c) => c.notNull())
        .addColumn('batch_id', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('pliers_number', 'text')
        .addColumn('mutation_id', 'text')
        .addPrimaryKeyConstraint('stock_movements_pkey', ['item_id', 'seq'])
        .execute();
      // A holder's items (a technician's stock, the pull); a team's movements by time (reconciliation).
      await db.schema.createIndex('stock_movements_to_holder').on('stock_movements').columns(['to_holder', 'item_id']).execute();
      await db.schema.createIndex('stock_movements_team_at').on('stock_movements').columns(['team_id', 'at']).execute();
    },
  };
}
