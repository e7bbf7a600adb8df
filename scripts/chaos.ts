// `npm run chaos`: N simulated technicians (default 20) each completing M swaps with photos against a real server
// process (node --import tsx server/main.ts, temp DATA_DIR, DEMO=1, loopback only) while their network flaps and the
// server is killed with SIGKILL at random and restarted. Every device runs the real client modules (src/sync,
// src/local on fake-indexeddb). Prints expected / stored / duplicates / missing photos and exits 1 on any difference.
//   npm run chaos -- --techs 20 --swaps 5 --photos 3 --seconds 240 [--database-url postgres://…/empty_db]
import 'fake-indexeddb/auto';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SwapCompleteArgs } from '../src/domain/protocol/mutations';
import type { WorkOrder } from '../src/domain/workOrder/workOrder';
import { openUserDatabase, pullStoreFor, type UserDatabase } from '../src/local';
import { enqueueMutation } from '../src/local/outbox';
import { pushStoreFor } from '../src/local/outboxStore';
import { photoQueueStoreFor } from '../src/local/photoQueueStore';
import { addPhoto } from '../src/local/photoStore';
import { noLocks, type Clock } from '../src/platform';
import { createApiClient, SyncEngine, uploadPendingPhotos, type ApiClient } from '../src/sync';
import { freePort, ServerProcess } from './serverProcess';
import { paddedJpeg, paddedPng } from './testImages';

/** `--database-url postgres://…` (an EMPTY database: the demo data is seeded into it); default SQLite in the temp dir. */
function textOption(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : '';
}
const DATABASE_URL = textOption('database-url');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}
const TECHS = option('techs', 20);
const SWAPS = option('swaps', 5);
const PHOTOS = option('photos', 3);
const SECONDS = option('seconds', 300);
/** The chaos phase lasts at least this long (devices keep syncing through the faults), so the server is killed several times. */
const CHAOS_SECONDS = option('chaos-seconds', 15);
/** Probability that a request or its answer is lost while a device's link is flapping. */
const FLAP_LOSS = 0.3;
const ACCOUNTS = [
  { username: 'tech1', supervisor: 'supervisor1' },
  { username: 'tech2', supervisor: 'supervisor1' },
  { username: 'tech3', supervisor: 'supervisor1' },
  { username: 'tech4', supervisor: 'supervisor2' },
  { username: 'tech5', supervisor: 'supervisor2' },
  { username: 'tech6', supervisor: 'supervisor2' },
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const deadline = Date.now() + SECONDS * 1000;
/** The server child, so every way out of this script kills it. */
let running: ServerProcess | null = null;

const neverClock: Clock = { now: () => Date.now(), schedule: () => () => undefined };
const timerClock: Clock = {
  now: () => Date.now(),
  schedule: (cb, ms) => {
    const h = setTimeout(cb, ms);
    return () => clearTimeout(h);
  },
};

interface Written {
  workOrderId: string;
  completionId: string;
  supervisor: string;
  photos: { id: string; bytes: Uint8Array }[];
  payloadBytes: number;
}

class Device {
  flapping = false;
  bytesOnWire = 0;
  readonly written: Written[] = [];
  private readonly cookies = new Map<string, string>();
  readonly api: ApiClient;
  db!: UserDatabase;
  engine!: SyncEngine;
  constructor(
    readonly index: number,
    readonly server: ServerProcess,
  ) {
    this.api = createApiClient({ transport: (input, init) => this.transport(input, init), clock: timerClock, timeoutMs: 5_000 });
  }
  get account(): { username: string; supervisor: string } {
    return ACCOUNTS[this.index % ACCOUNTS.length] ?? { username: 'tech1', supervisor: 'supervisor1' };
  }
  private async transport(input: string, init: RequestInit): Promise<Response> {
    if (this.flapping && Math.random() < FLAP_LOSS) throw new TypeError('link down');
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const { credentials: _c, ...rest } = init;
    const body = init.body;
    this.bytesOnWire += typeof body === 'string' ? Buffer.byteLength(body) : body instanceof ArrayBuffer ? body.byteLength : 0;
    const res = await fetch(this.server.baseUrl + input, { ...rest, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    if (this.flapping && Math.random() < FLAP_LOSS) {
      await res.arrayBuffer().catch(() => undefined);
      throw new TypeError('answer lost');
    }
    return res;
  }
  async boot(me: { id: string }): Promise<void> {
    this.db = await openUserDatabase(`${me.id}~device${this.index}`, { uuid: () => randomUUID(), now: () => Date.now() });
    this.engine = new SyncEngine({
      api: this.api,
      store: pullStoreFor(this.db),
      lockName: 'chaos',
      onUnauthenticated: () => undefined,
      platform: {
        clock: neverClock,
        random: { next: Math.random, uuid: randomUUID },
        network: { isOnline: () => true, subscribe: () => () => undefined },
        visibility: { onVisible: () => () => undefined },
        locks: noLocks,
      },
      push: { api: this.api, store: pushStoreFor(this.db) },
    });
    await this.engine.start();
  }
  async signIn(): Promise<{ id: string }> {
    for (;;) {
      const r = await this.api.login({ username: this.account.username, password: 'demo1234' });
      if (r.ok) return r.value;
      if (Date.now() > deadline) throw new Error('could not sign in');
      await sleep(300);
    }
  }
  /** One round as the app runs it; returns whether everything is sent. */
  async round(): Promise<boolean> {
    await this.engine.requestSync('manual');
    const photos = await uploadPendingPhotos({ api: this.api, store: photoQueueStoreFor(this.db), now: () => Date.now() });
    if (this.engine.getSnapshot().errorCode === 'UNAUTHENTICATED') await this.signIn();
    const pending = await this.db.outbox.where('status').equals('pending').count();
    const photosLeft = await this.db.photos.where('status').equals('pending').count();
    return photos.ok && this.engine.getSnapshot().errorCode === null && pending === 0 && photosLeft === 0;
  }
  async writeSwap(wo: WorkOrder): Promise<void> {
    // Real images padded with random bytes: the server checks every image it takes.
    const photo = (bytes: Uint8Array) => ({ id: sha256(bytes), bytes });
    const removed = photo(paddedJpeg(30_000));
    const installed = Array.from({ length: Math.max(1, PHOTOS - 2) }, () => photo(paddedJpeg(30_000)));
    const signature = photo(paddedPng(4_000));
    const at = new Date().toISOString();
    const args: SwapCompleteArgs = {
      completionId: randomUUID(),
      workOrderId: wo.id,
      baseVersion: wo.version,
      removed: {
        serial: wo.oldMeterSerial,
        serialMatches: true,
        readings: { total: (wo.lastBilledReading ?? 0) + 77 },
        sealCondition: 'intact',
        photoIds: [removed.id],
      },
      installed: {
        serial: `CH${randomBytes(5).toString('hex').toUpperCase()}`,
        readings: { total: 0.1 },
        seals: [{ code: 'TC-7', beads: 2 }],
        photoIds: installed.map((p) => p.id),
      },
      gps: { lat: wo.lat, lng: wo.lng, accuracyM: 7, at },
      handover: {
        signerName: 'Phạm Văn Bình',
        signerRole: 'customer',
        signaturePhotoId: signature.id,
        cashless: { currentMethod: 'cash', consent: true },
      },
      completedAt: at,
    };
    const photos = [removed, ...installed, signature];
    const db = this.db;
    await db.transaction('rw', [db.outbox, db.meta, db.photos, db.photoBytes], async () => {
      for (const p of photos)
        await addPhoto(
          db,
          { photoId: p.id, mime: p.bytes[0] === 0x89 ? 'image/png' : 'image/jpeg', bytes: p.bytes.slice().buffer },
          wo.id,
          Date.now(),
        );
      await enqueueMutation(db, 'swap.complete', args, { uuid: randomUUID, now: Date.now });
    });
    const payloadBytes = Buffer.byteLength(JSON.stringify(args)) + photos.reduce((n, p) => n + p.bytes.length, 0);
    this.written.push({ workOrderId: wo.id, completionId: args.completionId, supervisor: this.account.supervisor, photos, payloadBytes });
  }
  /** This device's share of its account's open work orders (several devices may share one demo account). */
  async myOrders(devicesOfAccount: number): Promise<WorkOrder[]> {
    const all = (await this.db.workOrders.orderBy('id').toArray()).filter((wo) => wo.status === 'assigned');
    const slot = Math.floor(this.index / ACCOUNTS.length);
    return all.filter((_wo, i) => i % devicesOfAccount === slot);
  }
}

async function healUntilQuiet(devices: Device[]): Promise<void> {
  await Promise.all(
    devices.map(async (d) => {
      d.flapping = false;
      while (!(await d.round())) {
        if (Date.now() > deadline) throw new Error(`device ${d.index} not drained before the time limit`);
        await sleep(200);
      }
    }),
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'meterswap-chaos-'));
  const server = new ServerProcess(
    await freePort(),
    { DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'fatal', DATABASE_URL: DATABASE_URL || undefined },
    'inherit',
  );
  running = server;
  let exitCode: number;
  try {
    await server.start();
    const devices = Array.from({ length: TECHS }, (_, i) => new Device(i, server));
    const devicesOf = (d: Device) => devices.filter((x) => x.account.username === d.account.username).length;
    for (const d of devices) await d.boot(await d.signIn());
    await healUntilQuiet(devices);

    // 1. Throughput on a clean network: every device writes half of its swaps, then all push at once.
    const firstHalf = Math.ceil(SWAPS / 2);
    await Promise.all(
      devices.map(async (d) => {
        for (const wo of (await d.myOrders(devicesOf(d))).slice(0, firstHalf)) await d.writeSwap(wo);
      }),
    );
    const t0 = performance.now();
    await Promise.all(devices.map((d) => d.engine.requestSync('manual')));
    const pushSeconds = (performance.now() - t0) / 1000;
    const pushed = devices.reduce((n, d) => n + d.written.length, 0);
    await healUntilQuiet(devices);

    // 2. Chaos: the rest of the swaps while links flap and the server is killed and restarted.
    const chaosStart = performance.now();
    const chaos: { on: boolean } = { on: true };
    const chaosOn = () => chaos.on;
    const killer = (async () => {
      while (chaosOn()) {
        await sleep(1_000 + Math.random() * 3_000);
        if (!chaosOn()) break;
        await server.kill();
        await sleep(200 + Math.random() * 800);
        await server.start();
      }
    })();
    await Promise.all(
      devices.map(async (d) => {
        const orders = (await d.myOrders(devicesOf(d))).slice(0, Math.max(0, SWAPS - firstHalf));
        for (const wo of orders) {
          d.flapping = Math.random() < 0.7;
          await d.writeSwap(wo);
          await d.round();
          await sleep(50 + Math.random() * 300);
        }
        while (performance.now() - chaosStart < CHAOS_SECONDS * 1000) {
          d.flapping = Math.random() < 0.7;
          await d.round();
          await sleep(100 + Math.random() * 400);
        }
      }),
    );
    chaos.on = false;
    await killer;
    if (!server.running) await server.start();
    await healUntilQuiet(devices);

    // 3. Verify through the API as the supervisors see it.
    const sessions = new Map<string, string>();
    for (const supervisor of ['supervisor1', 'supervisor2']) {
      const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: supervisor, password: 'demo1234' }),
      });
      sessions.set(
        supervisor,
        res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      );
    }
    const written = devices.flatMap((d) => d.written);
    let stored = 0;
    let duplicates = 0;
    let missingPhotos = 0;
    let awaitingPhotos = 0;
    for (const w of written) {
      const cookie = sessions.get(w.supervisor) ?? '';
      const detail = (await (await fetch(`${server.baseUrl}/api/v1/work-orders/${w.workOrderId}`, { headers: { cookie } })).json()) as {
        completions?: { id: string; mediaStatus: string }[];
      };
      const copies = (detail.completions ?? []).filter((c) => c.id === w.completionId);
      if (copies.length >= 1) stored += 1;
      if (copies.length > 1) duplicates += copies.length - 1;
      if (copies[0]?.mediaStatus !== 'complete') awaitingPhotos += 1;
      for (const p of w.photos) {
        const res = await fetch(`${server.baseUrl}/api/v1/photos/${p.id}`, { headers: { cookie } });
        if (res.status !== 200 || sha256(new Uint8Array(await res.arrayBuffer())) !== p.id) missingPhotos += 1;
      }
    }
    const wire = devices.reduce((n, d) => n + d.bytesOnWire, 0);
    const payload = written.reduce((n, w) => n + w.payloadBytes, 0);
    console.log(
      `technicians ${TECHS}, swaps written ${written.length}, server kills ${server.kills}, database ${DATABASE_URL === '' ? 'sqlite' : 'postgres'}`,
    );
    console.log(
      `push throughput (clean network, ${TECHS} clients at once, ${pushed} swaps, push + pull): ${(pushed / pushSeconds).toFixed(1)} swaps/s`,
    );
    console.log(
      `bytes sent per swap ${(wire / Math.max(1, written.length)).toFixed(0)} vs payload+photos ${(payload / Math.max(1, written.length)).toFixed(0)} (includes retries under faults, logins, pulls' queries)`,
    );
    console.log(
      `expected ${written.length} · stored ${stored} · duplicates ${duplicates} · missing photos ${missingPhotos} · awaiting photos ${awaitingPhotos}`,
    );
    exitCode = stored === written.length && duplicates === 0 && missingPhotos === 0 && awaitingPhotos === 0 ? 0 : 1;
    for (const d of devices) d.engine.stop();
  } finally {
    await server.kill().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

const watchdog = setTimeout(
  () => {
    console.error(`chaos: time limit of ${SECONDS} s reached`);
    running?.killNow();
    process.exit(1);
  },
  (SECONDS + 30) * 1000,
);
watchdog.unref();

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
