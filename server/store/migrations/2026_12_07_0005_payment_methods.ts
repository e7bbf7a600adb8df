import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The billing system's payment method per customer and period (issue 15 §4), imported per team
 * (`POST /payment-methods/import`): one row per (team, customer code, period); a re-import of a period replaces
 * the team's rows of that period. The primary key also serves the report's "latest period before / after the
 * visit" lookups (team, customer, period descending).
 */
export function paymentMethodsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('payment_methods')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('customer_code', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('payment_methods_pkey', ['team_id', 'customer_code', 'period'])
        .execute();
      // Replacing a period deletes by (team, period).
      await db.schema.createIndex('payment_methods_team_period').on('payment_methods').columns(['team_id', 'period']).execute();
    },
  };
}
