import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { SqlDialect } from './dialect';
import { migrationsFor } from './migrations';
import type { Database } from './schema';

export interface MigrationOutcome {
  /** Names of the migrations this call applied (empty when the database was already current). */
  applied: string[];
}

/** Brings the schema to the latest version; running it again is harmless. Throws (a startup failure) when one fails. */
export async function migrateToLatest(db: Kysely<Database>, dialect: SqlDialect): Promise<MigrationOutcome> {
  // Kysely looks for its bookkeeping tables in any schema unless told which: name ours explicitly on PostgreSQL.
  const schema = dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrationsFor(dialect)) },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
