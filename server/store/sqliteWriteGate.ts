import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';

/*
 * SQLite has one writer at a time, and better-sqlite3 waits for the write lock synchronously (busy_timeout): a
 * request that writes while another connection holds the lock freezes the whole process, every other request
 * with it. The one long holder is a big import publishing its rows from the import worker's own connection
 * (server/store/importStaging.ts). While it does, the API process closes this gate: its writes and transactions
 * wait for it asynchronously, and its reads (the health check, everything that only looks) go on beside the
 * writer, as WAL allows.
 *
 * The driver is Kysely's SQLite driver with that gate, and one change that comes with it: a statement outside a
 * transaction takes the connection only for itself (each is synchronous), so a read never waits for a write
 * waiting at the gate. A transaction holds the connection from BEGIN to its end, as in Kysely's own driver.
 *
 * A transaction begun with access mode 'read only' (store.snapshot) is a reader too: it does not wait at the gate,
 * and since it may now run while another connection holds the write lock, the driver refuses any statement in it
 * that would write (before SQLite would wait for that lock with the event loop stopped), so no write can ever slip
 * past the gate inside a snapshot.
 */

class Mutex {
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;

  async lock(): Promise<void> {
    while (this.held !== null) await this.held;
    this.held = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  unlock(): void {
    const release = this.release;
    this.held = null;
    this.release = null;
    // The waiters resume on the next turn of the event loop, not in this microtask: each statement resolves at
    // once (better-sqlite3 is synchronous), so queued transactions handed over in microtasks would all run in one
    // drain, and for as long as it lasted no request would be read, no response sent and no timer run (100 pushes
    // queued answered nothing for tens of seconds, then found their keep-alive sockets timed out: ECONNRESET).
    if (release) setImmediate(release);
  }
}

/** Closed while another connection of this process's database holds the write lock for a long time. */
class WriteGate {
  private closedUntil: Promise<void> | null = null;

  get open(): boolean {
    return this.closedUntil === null;
  }

  async whenOpen(): Promise<void> {
    while (this.closedUntil !== null) await this.closedUntil;
  }

  /** Closes the gate (after any current holder of `mutex`); resolves to the function that opens it again. */
  async close(mutex: Mutex): Promise<() => void> {
    await this.whenOpen();
    let reopen = (): void => undefined;
    this.closedUntil = new Promise((resolve) => {
      reopen = resolve;
    });
    // Whoever holds the connection now (a transaction, a write) finishes first; later ones see the gate closed.
    await mutex.lock();
    mutex.unlock();
    return () => {
      this.closedUntil = null;
      reopen();
    };
  }
}

/** A write attempted inside a read-only transaction (store.snapshot): a programming error, never retried. */
export class WriteInReadOnlyTransactionError extends Error {
  constructor(sql: string) {
    super(`a read-only transaction (store.snapshot) cannot write: ${sql.slice(0, 200)}`);
    this.name = 'WriteInReadOnlyTransactionError';
  }
}

/** Statements kept prepared per database: preparing is a parse and a plan, each time, for the same few hundred texts. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3's `prepare` for a query text seen before returns the statement prepared then (least recently used
 * dropped beyond STATEMENT_CACHE_SIZE; texts differ by their `in (…)` lengths). Safe because every statement here
 * runs to completion synchronously (`all`/`run`, never an open iterator), and SQLite re-prepares a statement itself
 * when the schema changed under it.
 */
export class StatementCache {
  private readonly statements = new Map<string, SqliteDatabase.Statement>();

  constructor(private readonly db: SqliteDatabase.Database) {}

  get(sql: string): SqliteDatabase.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    } else {
      this.statements.delete(sql);
    }
    this.statements.set(sql, stmt);
    return stmt;
  }
}

function run<R>(statements: StatementCache, query: CompiledQuery, readOnly = false): QueryResult<R> {
  const stmt = statements.get(query.sql);
  if (readOnly && !stmt.readonly) throw new WriteInReadOnlyTransactionError(query.sql);
  const parameters = [...query.parameters];
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

class GatedConnection implements DatabaseConnection {
  inTransaction = false;

  /** In a read-only transaction, which did not wait at the gate: only statements that do not write may run. */
  readOnly = false;

  constructor(private readonly driver: GatedSqliteDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { statements, mutex } = this.driver;
    if (this.inTransaction) return run<R>(statements, query, this.readOnly);
    await this.driver.take(!statements.get(query.sql).readonly);
    try {
      return run<R>(statements, query);
    } finally {
      mutex.unlock();
    }
  }

  /** Kysely's interface; nothing in this project streams from SQLite. */
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite here');
  }
}

export class GatedSqliteDriver implements Driver {
  readonly mutex = new Mutex();

  readonly gate = new WriteGate();

  readonly statements: StatementCache;

  constructor(readonly db: SqliteDatabase.Database) {
    this.statements = new StatementCache(db);
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  /** The connection for one statement or one transaction; a writer (or a transaction) waits at the gate first. */
  async take(writes: boolean): Promise<void> {
    for (;;) {
      if (writes) await this.gate.whenOpen();
      await this.mutex.lock();
      if (!writes || this.gate.open) return;
      // The gate closed while we queued for the connection: let the reads behind us pass, and wait again.
      this.mutex.unlock();
    }
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new GatedConnection(this));
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = this.own(connection);
    const readOnly = settings.accessMode === 'read only';
    await this.take(!readOnly);
    conn.inTransaction = true;
    conn.readOnly = readOnly;
    try {
      run(this.statements, CompiledQuery.raw('begin'));
    } catch (error) {
      conn.inTransaction = false;
      conn.readOnly = false;
      this.mutex.unlock();
      throw error;
    }
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.end(connection, 'commit');
    return Promise.resolve();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.end(connection, 'rollback');
    return Promise.resolve();
  }

  /** Closes the gate: resolves once no write of this process is under way, to the function that opens it. */
  holdWrites(): Promise<() => void> {
    return this.gate.close(this.mutex);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const conn = this.own(connection);
    // A transaction always ends with commit or rollback; this only guards against a leak.
    if (conn.inTransaction) {
      conn.inTransaction = false;
      conn.readOnly = false;
      this.mutex.unlock();
    }
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private end(connection: DatabaseConnection, statement: 'commit' | 'rollback'): void {
    const conn = this.own(connection);
    try {
      run(this.statements, CompiledQuery.raw(statement));
    } finally {
      conn.inTransaction = false;
      conn.readOnly = false;
      this.mutex.unlock();
    }
  }

  private own(connection: DatabaseConnection): GatedConnection {
    if (!(connection instanceof GatedConnection)) throw new Error('not a connection of this driver');
    return connection;
  }
}
