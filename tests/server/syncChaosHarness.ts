import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Dexie } from 'dexie';
import { createApp } from '../../server/app';
import { createFolderBlobStore } from '../../server/blobs/folderBlobStore';
import { seedDemo } from '../../server/demo/seed';
import { createLogger } from '../../server/logger';
import type { Store } from '../../server/store/store';
import type { SwapCompleteArgs, VisitFailArgs } from '../../src/domain/mutations';
import type { WorkOrder } from '../../src/domain/workOrder';
import { openUserDatabase, pullStoreFor, userDatabaseName, type UserDatabase } from '../../src/local';
import { enqueueMutation } from '../../src/local/outbox';
import { pushStoreFor } from '../../src/local/outboxStore';
import { photoQueueStoreFor } from '../../src/local/photoQueueStore';
import type { Clock as DeviceClock } from '../../src/platform';
import { memoryKeyValue, noLocks } from '../../src/platform';
import { createApiClient, SyncEngine, uploadPendingPhotos, type ApiClient, type ApiError } from '../../src/sync';
import { createTestDatabase, FakeClock, testConfig, TEST_NOW, TEST_TODAY, type BackendName, type TestDatabase } from './harness';
import { HttpClient } from './httpClient';
import { jpeg, newSerial, png, type Photo } from './syncFixtures';

/** The real app over one database that survives restarts (a new app instance and store each time, same files). */
export class RestartableServer {
  private server: Server | null = null;
  baseUrl = '';
  restarts = 0;

  private constructor(
    private readonly database: TestDatabase,
    private readonly blobDir: string,
    private store: Store,
  ) {}

  static async start(backend: BackendName, seedSize = 2000): Promise<RestartableServer> {
    const database = await createTestDatabase(backend);
    await seedDemo(database.store, { seed: 42, size: seedSize, now: TEST_NOW, today: TEST_TODAY });
    const blobDir = await mkdtemp(path.join(tmpdir(), 'meterswap-chaos-photos-'));
    const server = new RestartableServer(database, blobDir, database.store);
    await server.listen();
    return server;
  }

  private async listen(): Promise<void> {
    const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const app = createApp({
      config: testConfig(),
      store: this.store,
      logger: createLogger('fatal', quiet),
      clock: new FakeClock(),
      blobs: createFolderBlobStore(this.blobDir),
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Drops every connection at once (requests in flight die, committed or not) and starts a new app over the same data. */
  async restart(): Promise<void> {
    const old = this.server;
    if (old) {
      old.closeAllConnections();
      await new Promise<void>((resolve) => old.close(() => resolve()));
    }
    this.store = await this.database.reopen();
    this.restarts += 1;
    await this.listen();
  }

  client(): HttpClient {
    return new HttpClient(this.baseUrl);
  }

  async login(username: string): Promise<HttpClient> {
    const c = this.client();
    const res = await c.post('/api/v1/auth/login', { username, password: 'demo1234' });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return c;
  }

  async userId(username: string): Promise<string> {
    const user = await this.store.users.findByUsername(username);
    if (!user) throw new Error(`no user ${username}`);
    return user.id;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    await this.database.destroy();
    await rm(this.blobDir, { recursive: true, force: true });
  }
}

/** What the network does to one request. */
export const FAULTS = ['none', 'dropRequest', 'dropResponse', 'duplicate', 'delay', 'http503', 'hang', 'expireSession'] as const;
export type Fault = (typeof FAULTS)[number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Time passes for real here (request timeouts), but nothing schedules retries: the test drives every round. */
const deviceClock: DeviceClock = {
  now: () => Date.now(),
  schedule: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    return () => clearTimeout(handle);
  },
};
const neverClock: DeviceClock = { now: () => Date.now(), schedule: () => () => undefined };

/** A request timeout short enough for a test; the code path is the one of the 30 s production timeout. */
const TEST_TIMEOUT_MS = 1_000;

/**
 * One technician's browser: a cookie jar, a fault-injecting fetch in front of the real server, the real API client,
 * the real local database (fake-indexeddb) and the real sync engine and photo queue.
 */
export class ChaosDevice {
  faults: Fault[] = [];
  private readonly cookies = new Map<string, string>();
  readonly api: ApiClient;
  db!: UserDatabase;
  engine!: SyncEngine;
  unauthenticated = false;
  requests = 0;
  bytesSent = 0;

  constructor(
    private readonly server: RestartableServer,
    readonly userId: string,
    readonly username: string,
  ) {
    this.api = createApiClient({ transport: (input, init) => this.faulty(input, init), clock: deviceClock, timeoutMs: TEST_TIMEOUT_MS });
  }

  static async open(server: RestartableServer, username: string): Promise<ChaosDevice> {
    const device = new ChaosDevice(server, await server.userId(username), username);
    await Dexie.delete(userDatabaseName(device.userId));
    await device.signIn();
    await device.boot();
    return device;
  }

  async signIn(): Promise<void> {
    const saved = this.faults;
    this.faults = [];
    // Signing in hashes a password (scrypt): on a busy machine it may outlast the short test timeout, so retry.
    let result = await this.api.login({ username: this.username, password: 'demo1234' });
    for (let attempt = 1; !result.ok && result.error.retryable && attempt < 5; attempt++) {
      result = await this.api.login({ username: this.username, password: 'demo1234' });
    }
    this.faults = saved;
    if (!result.ok) throw new Error(`login failed: ${result.error.code}`);
    this.unauthenticated = false;
  }

  /** A new tab: the database opened again and a new engine over it. */
  async boot(): Promise<void> {
    this.db = await openUserDatabase(this.userId, { uuid: () => randomUUID(), now: () => Date.now() });
    this.engine = new SyncEngine(this.engineDeps());
    await this.engine.start();
  }

  /** The tab dies: mid-sync if a round is running (IndexedDB keeps what committed, nothing else). */
  async kill(afterMs: number): Promise<void> {
    const round = this.engine.requestSync('manual');
    await sleep(afterMs);
    this.engine.stop();
    this.db.close();
    await round.catch(() => undefined);
  }

  /** One sync round as the app runs it: push then pull (engine), then the photo queue. Errors are values. */
  async round(): Promise<ApiError | null> {
    await this.engine.requestSync('manual');
    const photos = await uploadPendingPhotos({ api: this.api, store: photoQueueStoreFor(this.db), now: () => Date.now() });
    if (this.unauthenticated || (!photos.ok && photos.error.code === 'UNAUTHENTICATED')) {
      // Sign in again, keeping everything: a new engine over the same database.
      this.engine.stop();
      await this.signIn();
      this.engine = new SyncEngine(this.engineDeps());
      await this.engine.start();
    }
    const code = this.engine.getSnapshot().errorCode;
    if (code !== null) return { code, status: null, retryable: true };
    return photos.ok ? null : photos.error;
  }

  private engineDeps() {
    return {
      api: this.api,
      store: pullStoreFor(this.db),
      platform: {
        clock: neverClock,
        random: { next: () => 0.5, uuid: () => randomUUID() },
        network: { isOnline: () => true, subscribe: () => () => undefined },
        visibility: { onVisible: () => () => undefined },
        locks: noLocks,
        settings: memoryKeyValue(),
      },
      lockName: 'chaos',
      onUnauthenticated: () => {
        this.unauthenticated = true;
      },
      push: { api: this.api, store: pushStoreFor(this.db) },
    };
  }

  private async send(input: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    this.requests += 1;
    const body = init.body;
    if (typeof body === 'string') this.bytesSent += Buffer.byteLength(body);
    else if (body instanceof ArrayBuffer) this.bytesSent += body.byteLength;
    const { credentials: _c, ...rest } = init;
    const res = await fetch(this.server.baseUrl + input, { ...rest, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1).trim();
      if (value === '') this.cookies.delete(pair.slice(0, eq).trim());
      else this.cookies.set(pair.slice(0, eq).trim(), value);
    }
    return res;
  }

  private async faulty(input: string, init: RequestInit): Promise<Response> {
    const fault = this.faults.shift() ?? 'none';
    switch (fault) {
      case 'none':
        return this.send(input, init);
      case 'dropRequest':
        throw new TypeError('fetch failed (request dropped)');
      case 'dropResponse': {
        // The server did the work; the answer never reaches the phone.
        const res = await this.send(input, init);
        await res.arrayBuffer().catch(() => undefined);
        throw new TypeError('fetch failed (response dropped)');
      }
      case 'duplicate': {
        const [first, second] = await Promise.allSettled([this.send(input, init), this.send(input, init)]);
        if (second.status === 'fulfilled') await second.value.arrayBuffer().catch(() => undefined);
        if (first.status === 'rejected') throw first.reason;
        return first.value;
      }
      case 'delay':
        await sleep(5 + Math.floor(Math.random() * 20));
        return this.send(input, init);
      case 'http503':
        return new Response(JSON.stringify({ type: 'about:blank', title: 'Service unavailable', status: 503, code: 'UNAVAILABLE', detail: 'injected', retryable: true }), {
          status: 503,
          headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
        });
      case 'hang': {
        // Sent, then the link stalls: the client's timeout must abort it (the server may or may not have committed).
        void this.send(input, { ...init, signal: null }).then((r) => r.arrayBuffer()).catch(() => undefined);
        const signal = init.signal;
        return new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
      }
      case 'expireSession': {
        // The server forgets the session (expired, revoked): this and later requests get a real 401.
        await this.send('/api/v1/auth/logout', { method: 'POST' });
        this.cookies.clear();
        return this.send(input, init);
      }
    }
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the device wrote, to check against the server afterwards. */
export interface WrittenRecord {
  kind: 'swap' | 'visit';
  id: string;
  workOrderId: string;
  photos: Photo[];
}

async function writeLocally(device: ChaosDevice, name: 'swap.complete' | 'visit.fail', args: SwapCompleteArgs | VisitFailArgs, photos: Photo[], wo: WorkOrder): Promise<void> {
  const { db } = device;
  // Photos and the outbox row in ONE transaction, as the capture commands write them.
  await db.transaction('rw', [db.outbox, db.meta, db.photos], async () => {
    for (const p of photos) {
      await db.photos.put({ photoId: p.id, ownerId: wo.id, mime: p.bytes[0] === 0x89 ? 'image/png' : 'image/jpeg', bytes: p.bytes.slice().buffer, status: 'pending', createdAt: Date.now() });
    }
    await enqueueMutation(db, name, args, { uuid: () => randomUUID(), now: () => Date.now() });
  });
}

/** A valid swap of `wo` as the capture flow would record it, with `extraPhotos` installed-meter photos. */
export async function writeSwap(device: ChaosDevice, wo: WorkOrder, extraPhotos: number): Promise<WrittenRecord> {
  const removed = jpeg(1024);
  const installed = Array.from({ length: 1 + extraPhotos }, () => jpeg(1024));
  const signature = png(256);
  const at = new Date().toISOString();
  const args: SwapCompleteArgs = {
    completionId: randomUUID(),
    workOrderId: wo.id,
    baseVersion: wo.version,
    removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: (wo.lastBilledReading ?? 0) + 50 }, sealCondition: 'intact', photoIds: [removed.id] },
    installed: { serial: newSerial(), readings: { total: 0.1 }, seals: [{ code: 'TC-1', beads: 2 }], photoIds: installed.map((p) => p.id) },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 8, at },
    handover: { signerName: 'Nguyễn Văn An', signerRole: 'customer', signaturePhotoId: signature.id, cashless: { currentMethod: 'cash', consent: true } },
    completedAt: at,
  };
  const photos = [removed, ...installed, signature];
  await writeLocally(device, 'swap.complete', args, photos, wo);
  return { kind: 'swap', id: args.completionId, workOrderId: wo.id, photos };
}

export async function writeFailedVisit(device: ChaosDevice, wo: WorkOrder): Promise<WrittenRecord> {
  const photo = jpeg(512);
  const at = new Date().toISOString();
  const args: VisitFailArgs = { visitId: randomUUID(), workOrderId: wo.id, reason: 'KV01', note: 'Không có ai ở nhà', photoIds: [photo.id], gps: { lat: wo.lat, lng: wo.lng, accuracyM: 10, at }, at };
  await writeLocally(device, 'visit.fail', args, [photo], wo);
  return { kind: 'visit', id: args.visitId, workOrderId: wo.id, photos: [photo] };
}

export { sha256 };
