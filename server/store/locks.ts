import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from './dialect';
import type { Database } from './schema';

/** First keys of the transaction-scoped PostgreSQL advisory locks (the feed's lock is in ./changes.ts). */
export const LOCK_CLASS = {
  /** One lock per photo id: a completion computing its media status and an upload of one of its photos serialise. */
  photo: 0x4d53_5048, // "MSPH"
  /** One lock per installed meter serial: two completions installing the same serial serialise, so one sees the other. */
  installedSerial: 0x4d53_534e, // "MSSN"
  /** One lock per team's stock (and one for every team's codes): moves of the same items serialise (issue 16). */
  stock: 0x4d53_5354, // "MSST"
} as const;

/** Locks of one class: a first key of LOCK_CLASS and the strings that name what is locked. */
export interface AdvisoryLockGroup {
  lockClass: number;
  keys: readonly string[];
}

/**
 * Takes transaction-scoped advisory locks on PostgreSQL, in sorted order so two transactions locking overlapping
 * sets never deadlock. The key includes the schema, so separate schemas (test runs) never wait for each other.
 * SQLite needs none: a write transaction there holds the database's single write lock until it ends (every
 * transaction that calls this has already written, see syncClients.lockForPush and photos.insertMissing).
 */
export async function advisoryLocks(db: Kysely<Database>, dialect: SqlDialect, lockClass: number, keys: readonly string[]): Promise<void> {
  await advisoryLockGroups(db, dialect, [{ lockClass, keys }]);
}

/**
 * advisoryLocks for several classes in ONE statement (a round trip each is most of what a lock costs): the groups
 * in the order given, each group's keys sorted, so callers that take classes in one fixed order (work order row,
 * installed serial, photos: swapComplete) keep that order. The statement takes them one after the other in that
 * order (the function scan yields the rows in ordinality order, already sorted, and each row's lock is taken as it
 * is produced), waiting at each as separate statements would.
 */
export async function advisoryLockGroups(db: Kysely<Database>, dialect: SqlDialect, groups: readonly AdvisoryLockGroup[]): Promise<void> {
  if (dialect !== 'postgres') return;
  const classes: number[] = [];
  const keys: string[] = [];
  for (const group of groups) {
    for (const key of [...new Set(group.keys)].sort()) {
      classes.push(group.lockClass);
      keys.push(key);
    }
  }
  if (keys.length === 0) return;
  if (!db.isTransaction) throw new Error('advisory locks must be taken inside store.transaction');
  await sql`select pg_advisory_xact_lock(l.lock_class, hashtext(current_schema() || ':' || l.key))
    from unnest(${classes}::int4[], ${keys}::text[]) with ordinality as l(lock_class, key, position)
    order by l.position`.execute(db);
}
