import { sql, type Kysely } from 'kysely';
import { assignmentsRepo } from './assignments';
import { auditRepo } from './audit';
import { changesRepo, type ChangeGroup } from './changes';
import { commissioningRepo, type AwaitingRow } from './commissioning';
import { customerCopiesRepo, type CustomerCopyRecord } from './customerCopies';
import { createCheckInWriter, type CheckInWriter } from './checkIns';
import { completionsRepo } from './completions';
import { connect, type ConnectOptions } from './connect';
import type { SqlDialect } from './dialect';
import { loginLimitsRepo } from './loginLimits';
import { metaRepo } from './meta';
import { migrateToLatest, type MigrationOutcome } from './migrate';
import { mutationLogRepo } from './mutationLog';
import { noticesRepo, type NewNotice } from './notices';
import { paymentMethodsRepo } from './paymentMethods';
import { photosRepo } from './photos';
import { reportsRepo } from './reports';
import { reviewsRepo } from './reviews';
import { publicPagesRepo } from './publicPages';
import { roadmapsRepo } from './roadmaps';
import type { MutationLogRecord, PhotoRef, ReviewRecord } from './records';
import type { Database } from './schema';
import { sessionsRepo } from './sessions';
import { stockRepo } from './stock';
import { stockReconciliationRepo } from './stockReconciliation';
import { syncClientsRepo } from './syncClients';
import { teamSettingsRepo } from './teamSettings';
import { teamsRepo } from './teams';
import { usersRepo } from './users';
import { visitsRepo } from './visits';
import { workOrdersRepo } from './workOrders';

function repos(db: Kysely<Database>, dialect: SqlDialect) {
  return {
    users: usersRepo(db),
    teams: teamsRepo(db),
    sessions: sessionsRepo(db),
    loginLimits: loginLimitsRepo(db, dialect),
    workOrders: workOrdersRepo(db, dialect),
    assignments: assignmentsRepo(db),
    changes: changesRepo(db, dialect),
    syncClients: syncClientsRepo(db),
    mutationLog: mutationLogRepo(db),
    completions: completionsRepo(db, dialect),
    visits: visitsRepo(db),
    photos: photosRepo(db, dialect),
    reviews: reviewsRepo(db),
    roadmaps: roadmapsRepo(db),
    teamSettings: teamSettingsRepo(db),
    paymentMethods: paymentMethodsRepo(db),
    customerCopies: customerCopiesRepo(db),
    publicPages: publicPagesRepo(db),
    notices: noticesRepo(db, dialect),
    commissioning: commissioningRepo(db),
    stock: stockRepo(db, dialect),
    stockReconciliation: stockReconciliationRepo(db),
    audit: auditRepo(db),
    reports: reportsRepo(db, dialect),
    meta: metaRepo(db),
  };
}

/** The data access a service uses, outside or inside a transaction. */
export type Repos = ReturnType<typeof repos>;

/**
 * Rows a transaction writes that nothing in it reads back (the push's mutation log, a swap's photo references and
 * review items): held back and written just before commit, one multi-row insert per table, instead of a round
 * trip per mutation. A savepoint undone drops those written under it, like everything else it wrote.
 */
export interface AtCommit {
  insertPhotoRefs(refs: readonly PhotoRef[]): void;
  insertReviews(reviews: readonly ReviewRecord[]): void;
  insertMutationLog(entry: MutationLogRecord): void;
  /** The customer's copies of a push's swaps and their receipts (issue 15 §3): together, so a link is never sent without its token. */
  insertCustomerCopies(copies: readonly CustomerCopyRecord[]): void;
  enqueueNotices(notices: readonly NewNotice[], now: string): void;
  /** A push's new primary swaps, awaiting the head-end's first reading (issue 17). */
  insertAwaitingCommissioning(rows: readonly AwaitingRow[]): void;
}

/** Inside a transaction: the repos, savepoints to undo part of it, and the rows written at commit. */
export interface TxRepos extends Repos {
  /**
   * Runs `fn` under a savepoint: kept when it resolves; when it throws, everything it wrote is undone (the rest of
   * the transaction stays, and on PostgreSQL the transaction is usable again) and the error goes on.
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  atCommit: AtCommit;
}

/** What a transaction has held back for its commit, in the order it was written. */
interface Held {
  photoRefs: PhotoRef[];
  reviews: ReviewRecord[];
  mutationLog: MutationLogRecord[];
  customerCopies: CustomerCopyRecord[];
  notices: { notice: NewNotice; now: string }[];
  commissioning: AwaitingRow[];
  changes: ChangeGroup[];
}

/**
 * The repos of one transaction. Appends to the pull feed are held back and written just before commit, all in
 * one go and last: on PostgreSQL the feed's order lock is then held only from that write (one lock, one multi-row
 * insert) to the commit, not through all the work of the transaction (a push of 50 swaps), so concurrent writers
 * do their work side by side and queue only to append. The rows of `atCommit` are written just before them.
 */
function transactionRepos(trx: Kysely<Database>, dialect: SqlDialect): { tx: TxRepos; flush: () => Promise<void> } {
  const base = repos(trx, dialect);
  const held: Held = { photoRefs: [], reviews: [], mutationLog: [], customerCopies: [], notices: [], commissioning: [], changes: [] };
  let next = 0;
  const hold = (groups: readonly ChangeGroup[]) => {
    for (const group of groups) if (group.changes.length > 0) held.changes.push(group);
    return Promise.resolve();
  };
  const tx: TxRepos = {
    ...base,
    changes: { ...base.changes, append: (changes, createdAt) => hold([{ changes, createdAt }]), appendAll: hold },
    atCommit: {
      insertPhotoRefs: (refs) => held.photoRefs.push(...refs),
      insertReviews: (reviews) => held.reviews.push(...reviews),
      insertMutationLog: (entry) => held.mutationLog.push(entry),
      insertCustomerCopies: (copies) => held.customerCopies.push(...copies),
      enqueueNotices: (notices, now) => held.notices.push(...notices.map((notice) => ({ notice, now }))),
      insertAwaitingCommissioning: (rows) => held.commissioning.push(...rows),
    },
    savepoint: async (fn) => {
      const name = sql.raw(`sp_${(next += 1)}`);
      const lengths = {
        photoRefs: held.photoRefs.length,
        reviews: held.reviews.length,
        mutationLog: held.mutationLog.length,
        customerCopies: held.customerCopies.length,
        notices: held.notices.length,
        commissioning: held.commissioning.length,
        changes: held.changes.length,
      };
      await sql`savepoint ${name}`.execute(trx);
      let value;
      try {
        value = await fn();
      } catch (error) {
        held.photoRefs.length = lengths.photoRefs;
        held.reviews.length = lengths.reviews;
        held.mutationLog.length = lengths.mutationLog;
        held.customerCopies.length = lengths.customerCopies;
        held.notices.length = lengths.notices;
        held.commissioning.length = lengths.commissioning;
        held.changes.length = lengths.changes;
        await sql`rollback to savepoint ${name}`.execute(trx);
        await sql`release savepoint ${name}`.execute(trx);
        throw error;
      }
      await sql`release savepoint ${name}`.execute(trx);
      return value;
    },
  };
  const flush = async () => {
    if (held.photoRefs.length > 0) await base.photos.insertRefs(held.photoRefs.splice(0));
    if (held.reviews.length > 0) await base.reviews.insertMany(held.reviews.splice(0));
    if (held.mutationLog.length > 0) await base.mutationLog.insertMany(held.mutationLog.splice(0));
    if (held.customerCopies.length > 0) await base.customerCopies.insertMany(held.customerCopies.splice(0));
    const notices = held.notices.splice(0);
    const [firstNotice] = notices;
    // One push has one receipt time: the first stands for all.
    if (firstNotice !== undefined)
      await base.notices.enqueueMany(
        notices.map((n) => n.notice),
        firstNotice.now,
      );
    if (held.commissioning.length > 0) await base.commissioning.insertAwaiting(held.commissioning.splice(0));
    await base.changes.appendAll(held.changes.splice(0));
  };
  return { tx, flush };
}

export interface Store extends Repos {
  readonly dialect: SqlDialect;
  /** Where the database is (no callbacks: it crosses to the import processes, which open connections of their own). */
  readonly location: ConnectOptions;
  /**
   * Makes this process's own writes wait (asynchronously) until the returned function is called: for another
   * connection about to hold SQLite's write lock for long (an import publishing). Reads go on. A no-op on PostgreSQL.
   */
  holdWrites(): Promise<() => void>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside, use only
   * the `tx` it receives (on SQLite the store's own repos wait for the transaction's single connection).
   */
  transaction<T>(fn: (tx: TxRepos) => Promise<T>): Promise<T>;
  /**
   * A read-only transaction seeing one consistent snapshot (REPEATABLE READ on PostgreSQL). It never waits for the
   * SQLite write gate (holdWrites): WAL lets it read beside the writer. Any write inside it throws, on both
   * databases (PostgreSQL: READ ONLY; SQLite: the driver refuses it), so nothing can slip past the gate this way.
   */
  snapshot<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /** Pulls' check-ins of bound clients, written after the answers (./checkIns.ts); `close` waits for them. */
  readonly checkIns: CheckInWriter;
  /** Round trip to the database; rejects when it is unreachable. */
  ping(): Promise<void>;
  migrate(): Promise<MigrationOutcome>;
  close(): Promise<void>;
}

export type StoreOptions = ConnectOptions;

/** Opens SQLite (default) or PostgreSQL (`databaseUrl`). Call `migrate()` before use. */
export async function createStore(options: StoreOptions): Promise<Store> {
  const { db, dialect, holdWrites } = await connect(options);
  const { databaseUrl, dataDir, schema } = options;
  // One check-in (the usual case: each is written right after its pull) is one statement; more, one transaction.
  const checkIns = createCheckInWriter((batch) =>
    batch.length === 1 ? syncClientsRepo(db).recordCheckIns(batch) : db.transaction().execute((trx) => syncClientsRepo(trx).recordCheckIns(batch)),
  );
  return {
    dialect,
    location: { databaseUrl, dataDir, schema },
    holdWrites,
    ...repos(db, dialect),
    transaction: (fn) =>
      db.transaction().execute(async (trx) => {
        const { tx, flush } = transactionRepos(trx, dialect);
        const result = await fn(tx);
        await flush();
        return result;
      }),
    snapshot: (fn) => {
      // SQLite: 'read only' is what lets the gated driver (./sqliteWriteGate.ts) start it while the gate is closed.
      const builder =
        dialect === 'postgres'
          ? db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only')
          : db.transaction().setAccessMode('read only');
      return builder.execute((trx) => fn(repos(trx, dialect)));
    },
    checkIns,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    migrate: () => migrateToLatest(db, dialect),
    close: async () => {
      await checkIns.settled();
      await db.destroy();
    },
  };
}
