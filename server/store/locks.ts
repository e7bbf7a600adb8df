import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from './dialect';
import type { Database } from './schema';

/** First keys of the transaction-scoped PostgreSQL advisory locks (the feed's lock is in ./changes.ts). */
export const LOCK_CLASS = {
  /** One lock per photo id: a completion computing its media status and an upload of one of its photos serialise. */
  photo: 0x4d53_5048, // "MSPH"
  /** One lock per installed meter serial: two completions installing the same serial serialise, so one sees the other. */
  installedSerial: 0x4d53_534e, // "MSSN"
} as const;

/**
 * Takes transaction-scoped advisory locks on PostgreSQL, in sorted order so two transactions locking overlapping
 * sets never deadlock. The key includes the schema, so separate schemas (test runs) never wait for each other.
 * SQLite needs none: a write transaction there holds the database's single write lock until it ends (every
 * transaction that calls this has already written, see syncClients.lockForPush and photos.insertMissing).
 */
export async function advisoryLocks(db: Kysely<Database>, dialect: SqlDialect, lockClass: number, keys: readonly string[]): Promise<void> {
  if (dialect !== 'postgres' || keys.length === 0) return;
  if (!db.isTransaction) throw new Error('advisory locks must be taken inside store.transaction');
  for (const key of [...new Set(keys)].sort()) {
    await sql`select pg_advisory_xact_lock(${sql.lit(lockClass)}, hashtext(current_schema() || ':' || ${key}))`.execute(db);
  }
}
