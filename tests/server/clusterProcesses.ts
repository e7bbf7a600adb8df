import pg from 'pg';

export { freePort, ServerProcess } from '../../scripts/serverProcess';

export interface ScratchDatabase {
  /** A postgres:// URL naming the new database: what the server processes get as DATABASE_URL. */
  url: string;
  name: string;
  /** Drops it, ending any connection still open. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onMaintenanceDatabase<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own on the PostgreSQL server `serverUrl` points at (any database name in it is ignored): a real
 * database rather than a schema, because a server process is configured by DATABASE_URL alone.
 */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  const drop = () => onMaintenanceDatabase(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
  await drop();
  await onMaintenanceDatabase(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return { url: withDatabase(serverUrl, name), name, drop };
}
