import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, type DialectAdapter, type Driver } from 'kysely';
import pg from 'pg';
import type { SqlDialect } from './dialect';
import { GatedSqliteDriver } from './sqliteWriteGate';
import type { Database } from './schema';

export const SQLITE_FILE_NAME = 'meterswap.db';
const DEFAULT_POOL_SIZE = 10;

export interface ConnectOptions {
  /** postgres:// URL; absent or null means SQLite under `dataDir`. */
  databaseUrl?: string | null;
  dataDir?: string;
  /** PostgreSQL only: run everything in this schema (created if missing). Tests use one schema per file. */
  schema?: string;
  poolSize?: number;
  /** Errors of idle pooled connections (the database restarted); without a listener they would crash the process. */
  onPoolError?: (error: Error) => void;
}

class GatedSqliteAdapter extends SqliteAdapter {
  /** SQLite can roll back DDL: say so, so the migrator runs each migration in a transaction as on PostgreSQL. */
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  /**
   * The gated driver shares its one connection itself (./sqliteWriteGate.ts): a statement outside a transaction
   * takes it only for itself, so reads pass a transaction that waits at the closed gate. Kysely (0.29) would
   * otherwise put its own lock around every connection it hands out, and a read would wait behind that transaction
   * for the whole import's publish.
   */
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

class AtomicMigrationsSqliteDialect extends SqliteDialect {
  constructor(private readonly driver: GatedSqliteDriver) {
    super({ database: driver.db });
  }

  override createAdapter(): DialectAdapter {
    return new GatedSqliteAdapter();
  }

  /** Kysely's driver with the API process's write gate (./sqliteWriteGate.ts). */
  override createDriver(): Driver {
    return this.driver;
  }
}

/** Makes this process's writers wait (asynchronously) while another connection publishes; PostgreSQL needs none. */
export type HoldWrites = () => Promise<() => void>;

function openSqlite(dataDir: string): { db: Kysely<Database>; holdWrites: HoldWrites } {
  mkdirSync(dataDir, { recursive: true });
  const database = new SqliteDatabase(path.join(dataDir, SQLITE_FILE_NAME));
  // WAL lets readers run beside the writer; FULL makes an acknowledged commit survive power loss
  // (NORMAL in WAL mode may lose the last commits, breaking "acknowledged means stored").
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const driver = new GatedSqliteDriver(database);
  return { db: new Kysely<Database>({ dialect: new AtomicMigrationsSqliteDialect(driver) }), holdWrites: () => driver.holdWrites() };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** pg returns int8 (bigserial, count(*)) as strings; the feed ids stay far below 2^53, so numbers are exact. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (id, format) => (id === pg.types.builtins.INT8 && format !== 'binary' ? parseInt8 : (pg.types.getTypeParser(id, format) as unknown)),
};

async function openPostgres(options: ConnectOptions & { databaseUrl: string }): Promise<Kysely<Database>> {
  const { schema } = options;
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`);
    const setup = new pg.Client({ connectionString: options.databaseUrl });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types: pgTypes,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const NO_HOLD: HoldWrites = () => Promise.resolve(() => undefined);

export async function connect(options: ConnectOptions): Promise<{ db: Kysely<Database>; dialect: SqlDialect; holdWrites: HoldWrites }> {
  const url = options.databaseUrl;
  if (url !== undefined && url !== null) {
    // PostgreSQL's writers wait for row locks without blocking this process: nothing to hold.
    return { db: await openPostgres({ ...options, databaseUrl: url }), dialect: 'postgres', holdWrites: NO_HOLD };
  }
  if (options.dataDir === undefined) throw new Error('connect needs a databaseUrl or a dataDir');
  return { ...openSqlite(options.dataDir), dialect: 'sqlite' };
}
