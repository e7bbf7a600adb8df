import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createApp } from '../../server/app';
import { createFolderBlobStore } from '../../server/blobs/folderBlobStore';
import { seedDemo } from '../../server/demo/seed';
import { createLogger } from '../../server/logger';
import type { NewWorkOrder } from '../../server/store/records';
import type { Store } from '../../server/store/store';
import type { SwapCompleteArgs, VisitFailArgs } from '../../src/domain/protocol/mutations';
import { PullResponse } from '../../src/domain/protocol/sync';
import type { WorkOrder } from '../../src/domain/workOrder/workOrder';
import { WorkOrderDetail } from '../../src/domain/workOrder/workOrderDetail';
import { openUserDatabase, pullStoreFor, userDatabaseName, type UserDatabase } from '../../src/local';
import { enqueueMutation } from '../../src/local/outbox';
import { outboxTable, pushStoreFor } from '../../src/local/outboxStore';
import { outboxPhotoIds, photoQueueStoreFor, photosTable } from '../../src/local/photoQueueStore';
import { addPhoto } from '../../src/local/photoStore';
import type { Clock as DeviceClock } from '../../src/platform';
import { memoryKeyValue, noLocks } from '../../src/platform';
import { createApiClient, SyncEngine, uploadPendingPhotos, type ApiClient, type ApiError } from '../../src/sync';
import { createTestDatabase, FakeClock, testConfig, TEST_NOW, TEST_TODAY, type BackendName, type TestDatabase } from './harness';
import { HttpClient } from './httpClient';
import { jpeg, newSerial, png, type Photo } from './syncFixtures';

/** What a device needs of the server side: where to send requests, and who a demo account is. */
export interface ChaosTarget {
  /** Where requests go now (it may change after a restart). */
  readonly baseUrl: string;
  userId(username: string): Promise<string>;
}

/** What the chaos check needs besides: browsers for the supervisor and the checks, and a way to crash the server. */
export interface ChaosServer extends ChaosTarget {
  client(): HttpClient;
  login(username: string): Promise<HttpClient>;
  /** The server side crashes and comes back (in-process: one app restarted; a cluster: one process SIGKILLed). */
  restart(): Promise<void>;
}

/** The real app over one database that survives restarts (a new app instance and store each time, same files). */
export class RestartableServer implements ChaosServer {
  private server: Server | null = null;
  /** One fake clock across restarts, shared with the clients' cookie jars. */
  private readonly clock = new FakeClock();
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
      clock: this.clock,
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
    return new HttpClient(this.baseUrl, () => this.clock.now().getTime());
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
    private readonly server: ChaosTarget,
    readonly userId: string,
    readonly username: string,
  ) {
    this.api = createApiClient({ transport: (input, init) => this.faulty(input, init), clock: deviceClock, timeoutMs: TEST_TIMEOUT_MS });
  }

  static async open(server: ChaosTarget, username: string): Promise<ChaosDevice> {
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
        return new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Service unavailable',
            status: 503,
            code: 'UNAVAILABLE',
            detail: 'injected',
            retryable: true,
          }),
          {
            status: 503,
            headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
          },
        );
      case 'hang': {
        // Sent, then the link stalls: the client's timeout must abort it (the server may or may not have committed).
        void this.send(input, { ...init, signal: null })
          .then((r) => r.arrayBuffer())
          .catch(() => undefined);
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

async function writeLocally(
  device: ChaosDevice,
  name: 'swap.complete' | 'visit.fail',
  args: SwapCompleteArgs | VisitFailArgs,
  photos: Photo[],
  wo: WorkOrder,
): Promise<void> {
  const { db } = device;
  // Photos and the outbox row in ONE transaction, as the capture commands write them.
  await db.transaction('rw', [db.outbox, db.meta, db.photos, db.photoBytes], async () => {
    for (const p of photos) {
      await addPhoto(db, { photoId: p.id, mime: p.bytes[0] === 0x89 ? 'image/png' : 'image/jpeg', bytes: p.bytes.slice().buffer }, wo.id, Date.now());
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
    removed: {
      serial: wo.oldMeterSerial,
      serialMatches: true,
      readings: { total: (wo.lastBilledReading ?? 0) + 50 },
      sealCondition: 'intact',
      photoIds: [removed.id],
    },
    installed: { serial: newSerial(), readings: { total: 0.1 }, seals: [{ code: 'TC-1', beads: 2 }], photoIds: installed.map((p) => p.id) },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 8, at },
    handover: {
      signerName: 'Nguyễn Văn An',
      signerRole: 'customer',
      signaturePhotoId: signature.id,
      cashless: { currentMethod: 'cash', consent: true },
    },
    completedAt: at,
  };
  const photos = [removed, ...installed, signature];
  await writeLocally(device, 'swap.complete', args, photos, wo);
  return { kind: 'swap', id: args.completionId, workOrderId: wo.id, photos };
}

export async function writeFailedVisit(device: ChaosDevice, wo: WorkOrder): Promise<WrittenRecord> {
  const photo = jpeg(512);
  const at = new Date().toISOString();
  const args: VisitFailArgs = {
    visitId: randomUUID(),
    workOrderId: wo.id,
    reason: 'KV01',
    note: 'Không có ai ở nhà',
    photoIds: [photo.id],
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 10, at },
    at,
  };
  await writeLocally(device, 'visit.fail', args, [photo], wo);
  return { kind: 'visit', id: args.visitId, workOrderId: wo.id, photos: [photo] };
}

export { sha256 };

/** Sync rounds allowed to bring a device to quiet once the faults stop. */
const HEAL_ROUNDS = 40;
/** Unassigned work orders a run hands to its technician before the morning download. */
const FRESH_ORDERS_PER_RUN = 6;

/** One step of a chaos program. */
export type ChaosAction =
  | { t: 'swap'; pick: number; extra: number }
  | { t: 'fail'; pick: number }
  | { t: 'sync'; faults: Fault[] }
  | { t: 'kill'; afterMs: number }
  | { t: 'restartServer' }
  | { t: 'reassign'; pick: number; away: boolean }
  | { t: 'crashDuringSync'; faults: Fault[]; afterMs: number };

/**
 * The steps of a chaos program (the arbitrary syncChaos.test.ts has always used, so its seeds replay the same
 * programs). `crashDuringSync` is not among them: a test that wants the server side to crash while a sync round is in
 * flight (requests dying half-way, committed or not) puts it into its programs itself.
 */
export function chaosAction(): fc.Arbitrary<ChaosAction> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('swap' as const), pick: fc.nat(), extra: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('fail' as const), pick: fc.nat() }) },
    { weight: 5, arbitrary: fc.record({ t: fc.constant('sync' as const), faults: fc.array(fc.constantFrom(...FAULTS), { maxLength: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('kill' as const), afterMs: fc.integer({ min: 0, max: 25 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('restartServer' as const) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('reassign' as const), pick: fc.nat(), away: fc.boolean() }) },
  );
}

const OPEN = new Set(['assigned', 'in_progress']);

/**
 * One chaos program on one technician's device: fresh work assigned, the morning download, the program's steps,
 * healing, then the check that nothing was lost or duplicated and the device converged with the server.
 */
export class ChaosRun {
  readonly written: WrittenRecord[] = [];
  private readonly used = new Set<string>();
  private readonly reassignedAway: string[] = [];
  private supervisorCookies = new Map<string, string>();

  constructor(
    readonly server: ChaosServer,
    readonly device: ChaosDevice,
    private readonly otherTechId: string,
    private readonly fresh: NewWorkOrder[],
  ) {}

  async init(): Promise<void> {
    this.supervisorCookies = (await this.server.login('supervisor1')).cookies;
    // Fresh work for this run: a few unassigned work orders of the team, assigned as a supervisor does.
    const ids = this.fresh.splice(0, FRESH_ORDERS_PER_RUN).map((wo) => wo.id);
    if (ids.length > 0) {
      const res = await this.supervisor().post('/api/v1/assignments', { workOrderIds: ids, technicianId: this.device.userId });
      expect(res.status, res.text).toBe(200);
    }
    // The morning download, on a good network.
    expect(await this.device.round()).toBeNull();
  }

  /** A supervisor's browser, pointed at wherever the server listens now (its session survives restarts). */
  supervisor(): HttpClient {
    const c = this.server.client();
    for (const [k, v] of this.supervisorCookies) c.cookies.set(k, v);
    return c;
  }

  private async openOrders(): Promise<WorkOrder[]> {
    const all = await this.device.db.workOrders.orderBy('id').toArray();
    return all.filter((wo) => OPEN.has(wo.status) && !this.used.has(wo.id));
  }

  async apply(a: ChaosAction): Promise<void> {
    switch (a.t) {
      case 'swap':
      case 'fail': {
        const open = await this.openOrders();
        const wo = open[a.pick % Math.max(1, open.length)];
        if (wo === undefined) return;
        this.used.add(wo.id);
        this.written.push(a.t === 'swap' ? await writeSwap(this.device, wo, a.extra) : await writeFailedVisit(this.device, wo));
        return;
      }
      case 'sync':
        this.device.faults = [...a.faults];
        await this.device.round();
        this.device.faults = [];
        return;
      case 'kill':
        await this.device.kill(a.afterMs);
        await this.device.boot();
        return;
      case 'restartServer':
        await this.server.restart();
        return;
      case 'crashDuringSync': {
        this.device.faults = [...a.faults];
        const round = this.device.round();
        await sleep(a.afterMs);
        await this.server.restart();
        await round;
        this.device.faults = [];
        return;
      }
      case 'reassign': {
        if (a.away) {
          const mine = await this.device.db.workOrders.orderBy('id').toArray();
          const wo = mine[a.pick % Math.max(1, mine.length)];
          if (wo === undefined) return;
          const res = await this.supervisor().post('/api/v1/assignments', { workOrderIds: [wo.id], technicianId: this.otherTechId });
          if (res.status === 200) this.reassignedAway.push(wo.id);
        } else {
          const id = this.reassignedAway.shift();
          if (id !== undefined) await this.supervisor().post('/api/v1/assignments', { workOrderIds: [id], technicianId: this.device.userId });
        }
        return;
      }
    }
  }

  /** Faults off; sync until the outbox and the photo queue are empty and a round ends clean. */
  async heal(): Promise<void> {
    this.device.faults = [];
    for (let i = 0; i < HEAL_ROUNDS; i++) {
      const error = await this.device.round();
      const { db } = this.device;
      const pendingRows = await db.outbox.where('status').equals('pending').count();
      const referenced = await outboxPhotoIds(db);
      const pendingPhotos = (await db.photos.where('status').equals('pending').primaryKeys()).filter((id) => referenced.has(id));
      if (error === null && pendingRows === 0 && pendingPhotos.length === 0) return;
    }
    throw new Error(`not quiet after ${HEAL_ROUNDS} clean rounds`);
  }

  async check(): Promise<void> {
    const sup = this.supervisor();
    const details = new Map<string, WorkOrderDetail>();
    for (const id of new Set(this.written.map((w) => w.workOrderId))) {
      const res = await sup.get(`/api/v1/work-orders/${id}`);
      expect(res.status, res.text).toBe(200);
      details.set(id, WorkOrderDetail.parse(res.json()));
    }
    const writtenIds = new Set(this.written.map((w) => w.id));
    for (const record of this.written) {
      const detail = details.get(record.workOrderId)!;
      // Nothing lost, nothing duplicated: stored exactly once.
      if (record.kind === 'swap') {
        const stored = detail.completions.filter((c) => c.id === record.id);
        expect(stored, `completion ${record.id}`).toHaveLength(1);
        // On both backends (tests/server/mediaStatusRace.test.ts pins the PostgreSQL race this once hid).
        expect(stored[0]!.mediaStatus, `media of ${record.id}`).toBe('complete');
      } else {
        expect(
          detail.visits.filter((v) => v.id === record.id),
          `visit ${record.id}`,
        ).toHaveLength(1);
      }
      for (const photo of record.photos) {
        const res = await sup.get(`/api/v1/photos/${photo.id}`);
        expect(res.status, `photo ${photo.id}`).toBe(200);
        expect(sha256(res.bytes)).toBe(photo.id);
      }
    }
    // No completion or visit of this technician that the device did not write.
    for (const detail of details.values()) {
      for (const c of detail.completions.filter((c) => c.technicianId === this.device.userId)) expect(writtenIds.has(c.id), c.id).toBe(true);
      for (const v of detail.visits.filter((v) => v.technicianId === this.device.userId)) expect(writtenIds.has(v.id), v.id).toBe(true);
    }
    // Outbox drained: every row acknowledged, none refused (every write here is legitimate), every photo uploaded.
    const { db } = this.device;
    const rows = await outboxTable(db).toArray();
    expect(rows.filter((r) => r.status !== 'acked').map((r) => [r.seq, r.status, r.result?.error?.code])).toEqual([]);
    expect(await photosTable(db).where('status').notEqual('uploaded').count()).toBe(0);
    const meta = await db.meta.get('sync');
    expect(meta?.lastSeq).toBe((meta?.nextSeq ?? 1) - 1);
    // The device's mirror equals the server's view of this technician (a pull from scratch).
    expect(await db.workOrders.orderBy('id').toArray()).toEqual(await this.serverView());
  }

  private async serverView(): Promise<WorkOrder[]> {
    const tech = this.server.client();
    for (const [k, v] of await this.deviceCookies()) tech.cookies.set(k, v);
    const view = new Map<string, WorkOrder>();
    let cursor: string | null = null;
    for (;;) {
      const query = new URLSearchParams({ clientId: crypto.randomUUID(), limit: '1000' });
      if (cursor !== null) query.set('cursor', cursor);
      const res = await tech.get(`/api/v1/sync/pull?${query.toString()}`);
      expect(res.status, res.text).toBe(200);
      const page = PullResponse.parse(res.json());
      for (const change of page.changes) {
        if (change.entity !== 'workOrder') continue;
        if (change.op === 'revoke') view.delete(change.id);
        else if (change.data) view.set(change.id, change.data);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return [...view.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private async deviceCookies(): Promise<Map<string, string>> {
    return (await this.server.login(this.device.username)).cookies;
  }
}
