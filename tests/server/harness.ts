import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import pg from 'pg';
import { createApp, type AppDeps } from '../../server/app';
import type { BlobStore } from '../../server/blobs/blobStore';
import { createFolderBlobStore } from '../../server/blobs/folderBlobStore';
import { parseConfig, type Config } from '../../server/config';
import { seedDemo } from '../../server/demo/seed';
import { createLogger } from '../../server/logger';
import type { Clock } from '../../server/services/clock';
import { createPdfRenderer, type PdfRendererOptions } from '../../server/services/pdfRenderer';
import type { ConnectOptions } from '../../server/store/connect';
import { createStore, type Store } from '../../server/store/store';
import { HttpClient } from './httpClient';

export type BackendName = 'sqlite' | 'postgres';

const pgUrl = process.env.TEST_DATABASE_URL;

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const backends: BackendName[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export const DEMO_PASSWORD = 'demo1234';
/** 10:00 in Vietnam on a Tuesday: "today" for the seeded work is 2026-11-24. */
export const TEST_NOW = new Date('2026-11-24T03:00:00.000Z');
export const TEST_TODAY = '2026-11-24';

export class FakeClock implements Clock {
  private ms: number;

  constructor(start: Date = TEST_NOW) {
    this.ms = start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestDatabase {
  store: Store;
  /** Closes the store and removes the temporary directory or schema. */
  destroy(): Promise<void>;
  /** Opens a second store on the same database (as a restarted server would). */
  reopen(): Promise<Store>;
  /** Where the database lives, to open a raw connection (server/store/connect.ts) in a test. */
  location: ConnectOptions;
}

/** A fresh, migrated-or-not database: a temp-dir SQLite file, or a PostgreSQL schema of its own. */
export async function createTestDatabase(backend: BackendName, { migrate = true } = {}): Promise<TestDatabase> {
  if (backend === 'postgres') {
    if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
    const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
    const open = () => createStore({ databaseUrl: pgUrl, schema, poolSize: 20 });
    const store = await open();
    if (migrate) await store.migrate();
    const opened: Store[] = [store];
    return {
      store,
      location: { databaseUrl: pgUrl, schema, poolSize: 2 },
      reopen: async () => {
        const again = await open();
        opened.push(again);
        return again;
      },
      destroy: async () => {
        for (const s of opened) await s.close();
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'meterswap-test-'));
  const store = await createStore({ dataDir });
  if (migrate) await store.migrate();
  const opened: Store[] = [store];
  return {
    store,
    location: { dataDir },
    reopen: async () => {
      const again = await createStore({ dataDir });
      opened.push(again);
      return again;
    },
    destroy: async () => {
      for (const s of opened) await s.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const parsed = parseConfig({ LOG_LEVEL: 'info' });
  if (!parsed.ok) throw new Error(parsed.message);
  return { ...parsed.config, ...overrides };
}

export interface TestServer {
  baseUrl: string;
  app: Express;
  store: Store;
  clock: FakeClock;
  /** Every log line the app wrote, as raw JSON text. */
  logs: string[];
  /** The folder the app keeps photos in (a temporary directory of its own). */
  blobDir: string;
  /** A client with its own cookie jar. */
  client(): HttpClient;
  /** A client signed in as `username`. */
  login(username: string, password?: string): Promise<HttpClient>;
  /** A second store on the same database with its own connections (another process, as far as locks go). */
  openAnotherStore(): Promise<Store>;
  /** Where the database lives (a raw connection for checks the repositories do not offer). */
  databaseLocation: ConnectOptions;
  /** Id of a seeded user by username. */
  userId(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Seed the demo data set (default true; a number sets its size). */
  seed?: boolean | number;
  config?: Partial<Config>;
  staticDir?: string;
  /** Wraps the store the app sees (to inject failures). */
  wrapStore?: (store: Store) => Store;
  /** Photo storage; by default a folder in a temporary directory. */
  blobs?: BlobStore;
  /** Upload limits (concurrent per user, idle body): shortened by the tests of them. */
  uploadLimits?: AppDeps['uploadLimits'];
  /** The PDF worker pool's options (a shorter time limit, a smaller heap, a misbehaving worker): pdfIsolation.test.ts. */
  pdfRenderer?: PdfRendererOptions;
  /** The head-end endpoint's byte caps (hes.test.ts lowers them to test 413 without megabytes). */
  hesLimits?: AppDeps['hesLimits'];
  /** The stock import's byte cap and worker heap (stockImportIsolation.test.ts lowers the heap). */
  stockImportLimits?: AppDeps['stockImportLimits'];
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** The app in-process on a fresh database, listening on an ephemeral port; talk to it with real HTTP. */
export async function startTestServer(backend: BackendName, options: StartOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase(backend);
  const { store } = database;
  const clock = new FakeClock();
  if (options.seed !== false) {
    const size = typeof options.seed === 'number' ? options.seed : 2000;
    await seedDemo(store, { seed: 42, size, now: clock.now(), today: TEST_TODAY });
  }
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      callback();
    },
  });
  const logger = createLogger('info', sink);
  const blobDir = await mkdtemp(path.join(tmpdir(), 'meterswap-photos-'));
  const pdfRenderer = createPdfRenderer(options.pdfRenderer);
  const app = createApp({
    pdfRenderer,
    ...(options.uploadLimits === undefined ? {} : { uploadLimits: options.uploadLimits }),
    ...(options.hesLimits === undefined ? {} : { hesLimits: options.hesLimits }),
    ...(options.stockImportLimits === undefined ? {} : { stockImportLimits: options.stockImportLimits }),
    blobs: options.blobs ?? createFolderBlobStore(blobDir),
    config: testConfig(options.config),
    store: options.wrapStore ? options.wrapStore(store) : store,
    logger,
    clock,
    ...(options.staticDir === undefined ? {} : { staticDir: options.staticDir }),
  });
  const server = createServer(app);
  const baseUrl = await listen(server);
  const client = () => new HttpClient(baseUrl, () => clock.now().getTime());
  return {
    baseUrl,
    app,
    store,
    clock,
    logs,
    blobDir,
    client,
    login: async (username, password = DEMO_PASSWORD) => {
      const c = client();
      const res = await c.post('/api/v1/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login as ${username} failed with ${res.status}: ${res.text}`);
      return c;
    },
    openAnotherStore: () => database.reopen(),
    databaseLocation: database.location,
    userId: async (username) => {
      const user = await store.users.findByUsername(username);
      if (!user) throw new Error(`no user ${username}`);
      return user.id;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pdfRenderer.close();
      await database.destroy();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}
