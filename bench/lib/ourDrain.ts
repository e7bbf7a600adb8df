/**
 * Our side of the sync benchmark (issue 14): the workload (./syncWorkload.ts) written offline into the real app's
 * IndexedDB in Chromium, then drained through our real client sync code to our real server process, and checked on
 * the server afterwards. One run gives one DrainResult (./drainResult.ts).
 *
 *   node --import tsx bench/lib/ourDrain.ts [--swaps N] [--link 20/20/100] [--backend postgres] [--root DIR] [--dist DIR] [--port 8610]
 *     [--cpu-profile FILE.cpuprofile]
 *
 * Two runs on one machine at the same time need different ports (`--port`): the port names the link's namespaces too.
 * `DRAIN_TRACE=1` prints every request's first line with its time from going online and its connection (where a
 * link sits idle); `SERVER_CPU_PROF=DIR` runs the server with `--cpu-prof` into DIR (where its time goes).
 *
 * prints the DrainResult as JSON on stdout (and a summary with link utilisation and CPU per photo on stderr).
 * `--link up/down/rtt` (Mbit/s, Mbit/s, ms) drains over an emulated field link (./fieldLink.ts, needs root);
 * without it, over loopback. With a link and no `--swaps`, a slice of the day: 30 swaps at ≥ 10 Mbit/s up, 3 below.
 *
 * The run, in order:
 * 1. The server of `root` (default: this checkout) as a process of its own: `node --import tsx server/main.ts` with
 *    cwd = root, on `dist` (default <root>/dist), DEMO=1 in a fresh DATA_DIR, SQLite or a fresh PostgreSQL database
 *    (dropped after). Nothing of root's server code is imported here, so root may be an older commit's worktree.
 * 2. In front of it, a byte-counting TCP proxy (./byteCountingProxy.ts): the wire bytes and requests. On loopback it
 *    costs the drain one more loopback hop per chunk and ~1 ms of CPU per MB (in this Node process, in neither figure).
 * 3. tech1 gets `swaps` more work orders for today. At the office: Playwright's Chromium (with a link: inside the
 *    link's client namespace, link unshaped) signs in through the real screen on a fresh profile and waits for the
 *    full list and the service worker, then closes. In the field: the same profile in a Chromium that only this
 *    bench's DevTools pipe drives (./cdpPipe.ts; Playwright's Network domain would copy every upload into DevTools
 *    events: ~0.5 MB of JSON per 200 KB photo, for the renderer to write and the browser to forward). The app opens offline (network
 *    emulation) from its service worker, and the workload is written into its IndexedDB like the capture command
 *    writes a swap: one transaction per swap with its outbox row and its photos (id = SHA-256 by crypto.subtle), by
 *    the workload's own generator, run in the page from its source.
 * 4. Timed: from going online (the emulation and the Network domain go; the page's `online` event is the app's
 *    trigger; a link is shaped just before) until IndexedDB says no outbox row and no photo is pending (read every
 *    100 ms, not from the UI). Meanwhile every Chromium process (the browser and its descendants) and the server are
 *    sampled from /proc: CPU over the window, memory peaks (client: the sum of VmRSS, shared pages counted in each).
 * 5. Checked on the server: every completion exactly once on its work order and every seq once in mutation_log
 *    (read from the database itself, read-only), every photo's bytes by SHA-256 through GET /api/v1/photos/:id as
 *    the supervisor, and the ids the page computed equal the workload's bytes hashed here. Any failure throws.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startByteCountingProxy, type ByteCountingProxy, type ProxyCounters } from './byteCountingProxy';
import type { DrainResult } from './drainResult';
import { openFieldLink, type FieldLink, type LinkFigures, type WireCounters } from './fieldLink';
import { onPostgresServer } from './loadProbe';
import { ChromiumOverPipe, type PageSession } from './cdpPipe';
import { cpuSeconds, ProcessFamily, statusKb } from './processStats';
import { SYNC_WORKLOAD, WORKLOAD_TINY_JPEG, workloadPhoto, workloadSwapArgs, type SyncWorkload } from './syncWorkload';
import { CHROMIUM_ARGS, chromiumExecutable, DEMO_PASSWORD, giveTechnicianWorkForToday, PHONE, signInAndSettle } from './technicianDevice';

export interface OurDrainOptions {
  swaps?: number;
  link?: LinkFigures | null;
  backend?: 'sqlite' | 'postgres';
  /** The checkout whose server runs (default: this one). */
  root?: string;
  /** Its built app (default: <root>/dist). */
  dist?: string;
  /** Writes a CPU profile of the page (the renderer's main thread) over the drain window to this file (.cpuprofile). */
  cpuProfile?: string;
  /** The server listens here on loopback, the proxy on the next port; a link's addresses are 10.86.<port − 8600>.x. Default 8610. */
  port?: number;
}

const THIS_CHECKOUT = path.resolve(import.meta.dirname, '..', '..');
const DEFAULT_PORT = 8610;
const POSTGRES_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
/** A tile address that answers nothing at once, wherever Chromium runs: the bench never reaches beyond this machine. */
const NO_TILES = 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png';
/** Work orders of tech1's day besides the drained ones (the demo plans 30 for today, some may be done). */
const SPARE_ORDERS = 30;
/** Without progress for this long, the drain is stuck: the run fails with what the device says. */
const STUCK_MS = 180_000;
const SAMPLE_MS = 100;
/**
 * The drain's Chromium: headless like Playwright's, at the phone's size and language, with the switches of Playwright's
 * that keep a page in the foreground at full speed and the browser off the network beyond this machine.
 */
const FIELD_ARGS = [
  '--headless',
  `--window-size=${PHONE.viewport.width},${PHONE.viewport.height}`,
  `--force-device-scale-factor=${PHONE.deviceScaleFactor}`,
  `--lang=${PHONE.locale}`,
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-field-trial-config',
  '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,OptimizationHints,NetworkTimeServiceQuerying,MediaRouter',
  '--no-default-browser-check',
  '--password-store=basic',
];

/** With a link and no --swaps: what the link can carry in a bench (the issue's "30 swaps and 150 photos" at 20 Mbit/s). */
export function defaultSwapsFor(link: LinkFigures | null | undefined, workload: SyncWorkload): number {
  if (link === null || link === undefined) return workload.swaps;
  return link.upMbit >= 10 ? 30 : 3;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// The server of `root`, as a process.

interface RootServer {
  child: ChildProcess;
  base: string;
  dataDir: string;
  databaseUrl: string | null;
  recentOutput(): string;
  stop(): Promise<void>;
}

async function startRootServer(root: string, dist: string, port: number, databaseUrl: string | null): Promise<RootServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'our-drain-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    STATIC_DIR: dist,
    DEMO: '1',
    LOG_LEVEL: 'warn',
    TILE_URL: NO_TILES,
  };
  delete env.DATABASE_URL;
  delete env.BLOB_STORE;
  if (databaseUrl !== null) env.DATABASE_URL = databaseUrl;
  const child = spawn(
    process.execPath,
    [...(process.env.SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SERVER_CPU_PROF}`] : []), '--import', 'tsx', 'server/main.ts'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let recent = '';
  const keep = (chunk: Buffer) => {
    recent = (recent + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`the server of ${root} exited (${child.exitCode ?? child.signalCode}):\n${recent}`);
    }
    const healthy = await fetch(`${base}/api/v1/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server of ${root} did not answer /api/v1/health:\n${recent}`);
    }
    await sleep(200);
  }
  return { child, base, dataDir, databaseUrl, recentOutput: () => recent, stop };
}

// ---------------------------------------------------------------------------------------------------------------
// In the page.

interface WrittenSwap {
  workOrderId: string;
  completionId: string;
  photoIds: string[];
}

interface WrittenWorkload {
  clientId: string;
  written: WrittenSwap[];
  recordBytes: number;
  photoBytes: number;
}

interface WorkloadInPage {
  /** workloadPhoto, whose bytes live in a plain ArrayBuffer of their own. */
  makePhoto: (...args: Parameters<typeof workloadPhoto>) => Uint8Array<ArrayBuffer>;
  makeArgs: (seed: number, swap: number, wo: unknown, photoIds: readonly string[], signatureId: string, at: string) => { completionId: string };
}

/**
 * In the page: writes the workload into the signed-in user's database, as src/local/capture.ts writes a completed
 * swap. Runs from its source (the page has only what `globalThis.drainWorkload` brought), so it references nothing
 * outside itself.
 */
async function writeWorkloadInPage({ workload, tinyJpeg }: { workload: SyncWorkload; tinyJpeg: readonly number[] }): Promise<WrittenWorkload> {
  const { makePhoto, makeArgs } = (globalThis as unknown as { drainWorkload: WorkloadInPage }).drainWorkload;
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('meterswap-user-'));
  if (name === undefined) throw new Error('no user database');
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(new Error(String(open.error)));
  });
  const request = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(new Error(String(r.error)));
    });
  const orders = (await request(db.transaction('workOrders').objectStore('workOrders').getAll())) as {
    id: string;
    status: string;
    version: number;
    oldMeterSerial: string;
    lastBilledReading: number | null;
    lat: number;
    lng: number;
  }[];
  const chosen = orders
    .filter((o) => o.status === 'assigned')
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .slice(0, workload.swaps);
  if (chosen.length < workload.swaps) throw new Error(`only ${chosen.length} assigned work orders on the device`);
  const { clientId } = (await request(db.transaction('meta').objectStore('meta').get('sync'))) as { clientId: string };
  const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const encoder = new TextEncoder();
  const written: { workOrderId: string; completionId: string; photoIds: string[] }[] = [];
  let recordBytes = 0;
  let photoBytes = 0;
  for (const [swap, wo] of chosen.entries()) {
    const photos: { id: string; bytes: ArrayBuffer }[] = [];
    for (let index = 0; index <= workload.photosPerSwap; index++) {
      const size = index === workload.photosPerSwap ? workload.signatureBytes : workload.photoBytes;
      const bytes = makePhoto(workload.seed, swap, index, size, tinyJpeg);
      photos.push({ id: hex(await crypto.subtle.digest('SHA-256', bytes)), bytes: bytes.buffer });
      photoBytes += size;
    }
    const photoIds = photos.map((p) => p.id);
    const at = new Date().toISOString();
    const args = makeArgs(workload.seed, swap, wo, photoIds.slice(0, -1), photoIds.at(-1) ?? '', at);
    recordBytes += encoder.encode(JSON.stringify(args)).length;
    // An older checkout (`--root`, for "before" figures) keeps the bytes in the photo row: no photoBytes store.
    const split = db.objectStoreNames.contains('photoBytes');
    const tx = db.transaction(split ? ['outbox', 'meta', 'photos', 'photoBytes'] : ['outbox', 'meta', 'photos'], 'readwrite', {
      durability: 'strict',
    });
    const meta = (await request(tx.objectStore('meta').get('sync'))) as { nextSeq: number };
    tx.objectStore('outbox').add({
      seq: meta.nextSeq,
      mutationId: crypto.randomUUID(),
      name: 'swap.complete',
      args,
      createdAt: at,
      status: 'pending',
    });
    tx.objectStore('meta').put({ ...meta, nextSeq: meta.nextSeq + 1 });
    for (const p of photos) {
      // As the app stores a photo (src/local/photoStore.ts): the bytes in their own store, the small row apart.
      const row = { photoId: p.id, ownerId: wo.id, mime: 'image/jpeg', status: 'pending', createdAt: Date.now() };
      if (split) {
        tx.objectStore('photoBytes').put({ photoId: p.id, bytes: p.bytes });
        tx.objectStore('photos').put(row);
      } else {
        tx.objectStore('photos').put({ ...row, bytes: p.bytes });
      }
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(new Error(String(tx.error)));
    });
    written.push({ workOrderId: wo.id, completionId: args.completionId, photoIds });
  }
  db.close();
  // These writes bypass the app's Dexie: tell its live queries, as Dexie tells a page that another tab wrote.
  dispatchEvent(new CustomEvent('x-storagemutated-1', { detail: { all: true } }));
  return { clientId, written, recordBytes, photoBytes };
}

/** Polls `expression` in the page until it is true. */
async function waitInPage(page: PageSession, expression: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`the page never showed ${expression}`);
    await sleep(250);
  }
}

/** Runs a self-contained function in the page from its source, with `input` as JSON. */
const callInPage = <I, T>(page: PageSession, fn: (input: I) => Promise<T>, input: I): Promise<T> =>
  page.evaluate<T>(`(${fn.toString()})(${JSON.stringify(input)})`);

interface DeviceState {
  pendingRows: number;
  ackedRows: number;
  rejectedRows: number;
  pendingPhotos: number;
  failedPhotos: number;
  /** Date.now() in the page when the page heard the `online` event (the app's trigger). */
  onlineAt: number | null;
  /** Date.now() in the page when nothing was pending any more. */
  doneAt: number | null;
}

/**
 * In the page: reads the outbox and the photos every `everyMs` until nothing is pending (or something was refused);
 * `globalThis.drainWatch` holds the last reading and the promise of the last one. Self-contained, like writeWorkloadInPage.
 */
async function watchDeviceInPage({ everyMs }: { everyMs: number }): Promise<void> {
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('meterswap-user-'));
  if (name === undefined) throw new Error('no user database');
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(new Error(String(open.error)));
  });
  const request = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(new Error(String(r.error)));
    });
  const watch: { state: Partial<DeviceState>; done: Promise<DeviceState> | null } = { state: { onlineAt: null }, done: null };
  (globalThis as unknown as { drainWatch: typeof watch }).drainWatch = watch;
  addEventListener('online', () => (watch.state.onlineAt ??= Date.now()));
  watch.done = new Promise((resolve) => {
    const read = async () => {
      const tx = db.transaction(['outbox', 'photos', 'meta']);
      const outbox = tx.objectStore('outbox').index('status');
      const [pendingRows, ackedRows, rejectedRows, pendingPhotos, failures] = await Promise.all([
        request(outbox.count('pending')),
        request(outbox.count('acked')),
        request(outbox.count('rejected')),
        request(tx.objectStore('photos').index('status').count('pending')),
        request(tx.objectStore('meta').get('photoFailures')) as Promise<{ failures: Record<string, unknown> } | undefined>,
      ]);
      const failedPhotos = Object.keys(failures?.failures ?? {}).length;
      const settled = pendingRows === 0 && pendingPhotos === 0;
      const state: DeviceState = {
        pendingRows,
        ackedRows,
        rejectedRows,
        pendingPhotos,
        failedPhotos,
        onlineAt: watch.state.onlineAt ?? null,
        doneAt: settled ? Date.now() : null,
      };
      watch.state = state;
      // A failed photo stays pending: it ends the watch too (as a failure the runner reports).
      if (settled || rejectedRows > 0 || failedPhotos > 0) {
        db.close();
        resolve(state);
      } else setTimeout(() => void read(), everyMs);
    };
    void read();
  });
}

const deviceState = (page: PageSession) => page.evaluate<DeviceState>('globalThis.drainWatch.state');
const deviceDone = (page: PageSession) => page.evaluate<DeviceState>('globalThis.drainWatch.done');

// ---------------------------------------------------------------------------------------------------------------
// Checks on the server.

async function supervisorCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ username: 'supervisor1', password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`supervisor1 sign-in: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

interface StoredRows {
  completions: { id: string; work_order_id: string }[];
  log: { seq: number; status: string }[];
}

async function readStoredRows(server: RootServer, clientId: string): Promise<StoredRows> {
  const completionsSql = 'SELECT id, work_order_id FROM completions WHERE client_id = ';
  const logSql = 'SELECT seq, status FROM mutation_log WHERE client_id = ';
  if (server.databaseUrl === null) {
    const db = new Database(path.join(server.dataDir, 'meterswap.db'), { readonly: true, fileMustExist: true });
    try {
      return {
        completions: db.prepare(`${completionsSql}?`).all(clientId) as StoredRows['completions'],
        log: db.prepare(`${logSql}?`).all(clientId) as StoredRows['log'],
      };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query('SET default_transaction_read_only = on');
    const completions = (await client.query<StoredRows['completions'][number]>(`${completionsSql}$1`, [clientId])).rows;
    const log = (await client.query<{ seq: string | number; status: string }>(`${logSql}$1`, [clientId])).rows.map((r) => ({
      seq: Number(r.seq),
      status: r.status,
    }));
    return { completions, log };
  } finally {
    await client.end();
  }
}

/** Throws unless the server holds every record exactly once and every photo with the bytes its id names. */
async function verifyOnServer(server: RootServer, workload: SyncWorkload, device: WrittenWorkload): Promise<DrainResult['verified']> {
  const { completions, log } = await readStoredRows(server, device.clientId);
  const expected = new Map(device.written.map((w) => [w.completionId, w.workOrderId]));
  const problems: string[] = [];
  const perWorkOrder = new Map<string, number>();
  for (const row of completions) perWorkOrder.set(row.work_order_id, (perWorkOrder.get(row.work_order_id) ?? 0) + 1);
  for (const [completionId, workOrderId] of expected) {
    const stored = completions.filter((row) => row.id === completionId);
    if (stored.length !== 1 || stored[0]?.work_order_id !== workOrderId) problems.push(`completion ${completionId}: ${stored.length} rows`);
    if (perWorkOrder.get(workOrderId) !== 1) problems.push(`work order ${workOrderId}: ${perWorkOrder.get(workOrderId) ?? 0} completions`);
  }
  if (completions.length !== expected.size) problems.push(`${completions.length} completions from this device, ${expected.size} written`);
  const seqs = new Set(log.map((row) => row.seq));
  const applied = log.filter((row) => row.status === 'applied' || row.status === 'applied_with_conflict').length;
  if (log.length !== expected.size || seqs.size !== expected.size || applied !== expected.size)
    problems.push(`mutation_log: ${log.length} rows, ${seqs.size} seqs, ${applied} applied, ${expected.size} written`);

  // The page's ids are the workload's bytes: both stacks move the same payload.
  const photoIds = device.written.flatMap((w) => w.photoIds);
  device.written.forEach((w, swap) => {
    w.photoIds.forEach((id, index) => {
      const size = index === workload.photosPerSwap ? workload.signatureBytes : workload.photoBytes;
      const bytes = workloadPhoto(workload.seed, swap, index, size, WORKLOAD_TINY_JPEG);
      if (createHash('sha256').update(bytes).digest('hex') !== id) problems.push(`photo ${index} of swap ${swap}: not the workload's bytes`);
    });
  });
  if (new Set(photoIds).size !== photoIds.length) problems.push('photo ids repeat');

  const cookie = await supervisorCookie(server.base);
  let photosChecked = 0;
  const queue = [...photoIds];
  const fetchOne = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const res = await fetch(`${server.base}/api/v1/photos/${id}`, { headers: { Cookie: cookie } });
      if (!res.ok) {
        problems.push(`photo ${id}: ${res.status}`);
        await res.body?.cancel();
        continue;
      }
      const digest = createHash('sha256')
        .update(Buffer.from(await res.arrayBuffer()))
        .digest('hex');
      if (digest === id) photosChecked += 1;
      else problems.push(`photo ${id}: its bytes hash to ${digest}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, fetchOne));
  if (problems.length > 0) throw new Error(`the server does not hold the drained workload:\n${problems.slice(0, 20).join('\n')}`);
  return { records: expected.size, photos: photosChecked };
}

// ---------------------------------------------------------------------------------------------------------------

export async function runOurDrain(workload: SyncWorkload, options: OurDrainOptions = {}): Promise<DrainResult> {
  const link = options.link ?? null;
  const swaps = options.swaps ?? defaultSwapsFor(link, workload);
  const day: SyncWorkload = { ...workload, swaps };
  const backend = options.backend ?? 'sqlite';
  const root = path.resolve(options.root ?? THIS_CHECKOUT);
  const dist = path.resolve(options.dist ?? path.join(root, 'dist'));
  const port = options.port ?? DEFAULT_PORT;
  if (!existsSync(path.join(dist, 'index.html')) || !existsSync(path.join(dist, 'sw.js')))
    throw new Error(`${dist} holds no built app: build it first (npx vite build --outDir …)`);
  const executable = chromiumExecutable();
  if (executable === undefined) throw new Error('set CHROMIUM_PATH: the drain runs in a Chromium of this machine');

  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    let databaseUrl: string | null = null;
    if (backend === 'postgres') {
      const name = `drain_${port}_${Date.now()}`;
      await onPostgresServer(POSTGRES_SERVER, (client) => client.query(`CREATE DATABASE ${name}`));
      cleanups.push(() => onPostgresServer(POSTGRES_SERVER, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
      const url = new URL(POSTGRES_SERVER);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }
    const server = await startRootServer(root, dist, port, databaseUrl);
    cleanups.push(() => server.stop());
    const serverPid = server.child.pid;
    if (serverPid === undefined) throw new Error('the server has no pid');

    let fieldLink: FieldLink | null = null;
    if (link !== null) {
      fieldLink = await openFieldLink(port - 8600);
      cleanups.push(() => (fieldLink as FieldLink).close());
    }
    // DRAIN_TRACE=1: every request's first line on stderr, in ms from the drain's start (connection number beside).
    const trace = { zero: Date.now() };
    const proxy: ByteCountingProxy = await startByteCountingProxy(
      { host: fieldLink?.hostAddress ?? '127.0.0.1', port: port + 1 },
      { host: '127.0.0.1', port },
      process.env.DRAIN_TRACE === undefined ? undefined : (line, connection) => console.error(`${Date.now() - trace.zero} c${connection} ${line}`),
    );
    cleanups.push(() => proxy.close());
    const appBase = `http://${proxy.address}:${proxy.port}`;

    const orders = swaps + SPARE_ORDERS;
    await giveTechnicianWorkForToday(server.base, { supervisor: 'supervisor1', username: 'tech1', count: orders });

    // At the office: Playwright signs tech1 in through the real screen on a profile of its own; the whole list and
    // the service worker arrive. Then that browser closes.
    const profileDir = mkdtempSync(path.join(tmpdir(), 'our-drain-profile-'));
    cleanups.push(() => Promise.resolve(rmSync(profileDir, { recursive: true, force: true })));
    const executablePath = fieldLink?.wrapExecutable(executable) ?? executable;
    // Service workers, crypto.subtle and Web Locks need a secure context: the link's address is not loopback.
    const secureOrigin = fieldLink === null ? [] : [`--unsafely-treat-insecure-origin-as-secure=${appBase}`];
    const office = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      args: [...CHROMIUM_ARGS, ...secureOrigin],
      ...PHONE,
      baseURL: appBase,
    });
    try {
      const signIn = office.pages()[0] ?? (await office.newPage());
      await signInAndSettle(signIn, 'tech1', orders);
    } finally {
      await office.close();
    }

    // In the field: the same profile in a Chromium driven by nothing but this bench's pipe. The app opens offline
    // (from its service worker) on tech1's list, and the day's work is written while the device is offline.
    const browser = ChromiumOverPipe.launch(
      executablePath,
      [...CHROMIUM_ARGS, ...FIELD_ARGS, ...secureOrigin, `--user-data-dir=${profileDir}`, 'about:blank'],
      {
        TZ: PHONE.timezoneId,
      },
    );
    cleanups.push(() => browser.close());
    const page = await browser.firstPage();
    await page.send('Network.enable', { maxPostDataSize: 0 });
    await page.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.send('Page.navigate', { url: `${appBase}/` });
    await waitInPage(page, `document.querySelector('.wo-list__count')?.textContent.startsWith('${orders}/${orders} ') === true`);
    // tsx names functions with a `__name` helper the page does not have; the generator comes as its own source.
    await page.evaluate('globalThis.__name = (fn) => fn; undefined');
    await page.evaluate(`globalThis.drainWorkload = { makePhoto: ${workloadPhoto.toString()}, makeArgs: ${workloadSwapArgs.toString()} }; undefined`);
    const device = await callInPage(page, writeWorkloadInPage, { workload: day, tinyJpeg: [...WORKLOAD_TINY_JPEG] });
    await callInPage(page, watchDeviceInPage, { everyMs: SAMPLE_MS });

    // The window: from going online to nothing pending.
    const family = new ProcessFamily([browser.pid]);
    if (fieldLink !== null && link !== null) await fieldLink.shape(link);
    const wireBefore: WireCounters | null = (await fieldLink?.counters()) ?? null;
    family.reset();
    const serverCpuBefore = cpuSeconds(serverPid);
    const wireCpuBefore = fieldLink === null ? 0 : cpuSeconds(fieldLink.wirePid);
    const proxyBefore: ProxyCounters = proxy.counters();
    const benchCpuBefore = process.cpuUsage();
    let serverPeakRssKb = statusKb(serverPid, 'VmRSS');
    let samples = 0;
    const sampler = setInterval(() => {
      samples += 1;
      if (samples % 10 === 0) family.rescan();
      family.sample();
      serverPeakRssKb = Math.max(serverPeakRssKb, statusKb(serverPid, 'VmRSS'));
    }, SAMPLE_MS);
    if (options.cpuProfile !== undefined) {
      await page.send('Profiler.enable');
      await page.send('Profiler.start');
    }
    const loadBefore = loadavg()[0] ?? NaN;
    const startedAt = Date.now();
    trace.zero = startedAt;
    // Online: the emulation goes, and with the Network domain nothing of DevTools stays between the app and its requests.
    await page.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.send('Network.disable');

    let finished: DeviceState;
    try {
      const done = deviceDone(page);
      let last = '';
      let lastChange = Date.now();
      for (;;) {
        const settled = await Promise.race([done, sleep(5000).then(() => null)]);
        if (settled !== null) {
          finished = settled;
          break;
        }
        const state = await deviceState(page);
        const now = JSON.stringify([state.pendingRows, state.pendingPhotos]);
        if (now !== last) {
          last = now;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > STUCK_MS) {
          throw new Error(`the drain is stuck: ${JSON.stringify(state)}\nserver:\n${server.recentOutput()}`);
        }
      }
    } finally {
      clearInterval(sampler);
    }
    family.sample();
    const endedAt = finished.doneAt ?? Date.now();
    const serverCpu = cpuSeconds(serverPid) - serverCpuBefore;
    // Before the checks, whose downloads are not the drain's.
    const serverHighWaterKb = statusKb(serverPid, 'VmHWM');
    const wireCpu = fieldLink === null ? null : cpuSeconds(fieldLink.wirePid) - wireCpuBefore;
    const proxyAfter = proxy.counters();
    const wireAfter = (await fieldLink?.counters()) ?? null;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    if (options.cpuProfile !== undefined) {
      const { profile } = await page.send<{ profile: unknown }>('Profiler.stop');
      writeFileSync(options.cpuProfile, JSON.stringify(profile));
    }
    if (finished.rejectedRows > 0 || finished.failedPhotos > 0)
      throw new Error(`the device holds ${finished.rejectedRows} rejected records and ${finished.failedPhotos} refused photos`);
    if (finished.ackedRows !== swaps) throw new Error(`${finished.ackedRows} outbox rows acknowledged, ${swaps} written`);

    const verified = await verifyOnServer(server, day, device);
    const photos = device.written.reduce((n, w) => n + w.photoIds.length, 0);
    const result: DrainResult = {
      stack: 'ours',
      backend,
      link,
      swaps,
      photos,
      payloadBytes: device.recordBytes + device.photoBytes,
      wallSeconds: (endedAt - startedAt) / 1000,
      wireBytesUp: proxyAfter.up - proxyBefore.up,
      wireBytesDown: proxyAfter.down - proxyBefore.down,
      requests: proxyAfter.requests - proxyBefore.requests,
      clientCpuSeconds: family.cpuSeconds(),
      serverCpuSeconds: serverCpu,
      clientPeakRssMB: family.peakRssKb / 1024,
      serverPeakRssMB: serverHighWaterKb / 1024,
      verified,
    };
    describe(result, {
      // The machine is shared: a drain on a busy one is slower, and its figures say so.
      // The app's trigger: how long after the emulation went the page heard `online`.
      onlineEventAfterMs: finished.onlineAt === null ? null : finished.onlineAt - startedAt,
      loadAverage: [Number(loadBefore.toFixed(1)), Number((loadavg()[0] ?? NaN).toFixed(1))],
      serverPeakRssDuringDrainMB: serverPeakRssKb / 1024,
      clientCpuSecondsByProcess: Object.fromEntries(Object.entries(family.cpuSecondsByKind()).map(([kind, s]) => [kind, Number(s.toFixed(2))])),
      runnerCpuSeconds: Number(((benchCpu.user + benchCpu.system) / 1e6).toFixed(2)),
      wireCpuSeconds: wireCpu,
      unparsedConnections: proxyAfter.unparsed,
      wire:
        wireBefore === null || wireAfter === null
          ? null
          : {
              upFrames: wireAfter.up.frames - wireBefore.up.frames,
              upDropped: wireAfter.up.dropped - wireBefore.up.dropped,
              downFrames: wireAfter.down.frames - wireBefore.down.frames,
              downDropped: wireAfter.down.dropped - wireBefore.down.dropped,
              upFrameBytes: wireAfter.up.bytes - wireBefore.up.bytes,
            },
    });
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  }
}

/** The figures the issue asks for, derived from one result, on stderr (stdout carries the result alone). */
function describe(result: DrainResult, extra: Record<string, unknown>): void {
  const mb = result.payloadBytes / 1e6;
  const lines = [
    `ours/${result.backend} ${result.link === null ? 'loopback' : `${result.link.upMbit}/${result.link.downMbit} Mbit/s ${result.link.rttMs} ms`}: ` +
      `${result.swaps} swaps, ${result.photos} photos, ${mb.toFixed(1)} MB in ${result.wallSeconds.toFixed(2)} s`,
    `  ${(result.swaps / result.wallSeconds).toFixed(1)} records/s, ${(mb / result.wallSeconds).toFixed(2)} MB/s, wire ÷ payload ${((result.wireBytesUp + result.wireBytesDown) / result.payloadBytes).toFixed(4)} ` +
      `(up ${(result.wireBytesUp / result.payloadBytes).toFixed(4)}), ${result.requests} requests`,
    `  CPU: client ${result.clientCpuSeconds.toFixed(2)} s (${((result.clientCpuSeconds * 1000) / result.photos).toFixed(1)} ms/photo), ` +
      `server ${result.serverCpuSeconds.toFixed(2)} s (${((result.serverCpuSeconds * 1000) / result.photos).toFixed(1)} ms/photo); ` +
      `peak RSS client ${result.clientPeakRssMB.toFixed(0)} MB, server ${result.serverPeakRssMB.toFixed(0)} MB`,
  ];
  if (result.link !== null) {
    const utilisation = result.payloadBytes / (((result.link.upMbit * 1e6) / 8) * result.wallSeconds);
    lines.push(`  link utilisation ${(utilisation * 100).toFixed(1)} % (payload ÷ (up bandwidth × drain time))`);
  }
  lines.push(`  ${JSON.stringify(extra)}`);
  console.error(lines.join('\n'));
}

function parseLink(text: string): LinkFigures {
  const [upMbit, downMbit, rttMs] = text.split('/').map(Number);
  if (![upMbit, downMbit, rttMs].every((n) => n !== undefined && Number.isFinite(n) && n > 0))
    throw new Error(`--link ${text}: expected up/down/rtt`);
  return { upMbit: upMbit as number, downMbit: downMbit as number, rttMs: rttMs as number };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const args = new Map<string, string>();
  for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
  const backend = args.get('backend') ?? 'sqlite';
  if (backend !== 'sqlite' && backend !== 'postgres') throw new Error(`--backend ${backend}: sqlite or postgres`);
  const result = await runOurDrain(SYNC_WORKLOAD, {
    ...(args.has('swaps') ? { swaps: Number(args.get('swaps')) } : {}),
    link: args.has('link') ? parseLink(args.get('link') ?? '') : null,
    backend,
    ...(args.has('root') ? { root: args.get('root') } : {}),
    ...(args.has('dist') ? { dist: args.get('dist') } : {}),
    ...(args.has('port') ? { port: Number(args.get('port')) } : {}),
    ...(args.has('cpu-profile') ? { cpuProfile: args.get('cpu-profile') } : {}),
  });
  console.log(JSON.stringify(result, null, 2));
}
