/**
 * Push ingest on this machine: N concurrent simulated devices push `swap.complete` mutations to a real server
 * process (spawned, loopback only), on SQLite and on PostgreSQL. Beside it, the same server's rate for a no-op
 * authenticated endpoint (GET /api/v1/auth/me) with the same concurrency: the framework's own limit.
 *
 *   node --import tsx bench/push-throughput.ts [--clients 20] [--batch 10] [--backend sqlite|postgres|both]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PullResponse, type WorkOrder } from '../src/domain';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const CLIENTS = Number(args.get('clients') ?? 20);
const BATCH = Number(args.get('batch') ?? 10);
const BACKEND = args.get('backend') ?? 'both';
const EXTRA_PER_TECH = 150;
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

class Session {
  cookie = '';
  constructor(readonly base: string) {}
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(this.base + path, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }
  async login(username: string): Promise<void> {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password: 'demo1234' });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  }
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DEMO: '1', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return { child, base };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

const photoId = () => createHash('sha256').update(randomBytes(32)).digest('hex');

function swapArgs(wo: WorkOrder) {
  const at = new Date().toISOString();
  return {
    completionId: randomUUID(), workOrderId: wo.id, baseVersion: wo.version,
    removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: (wo.lastBilledReading ?? 0) + 100 }, sealCondition: 'intact', photoIds: [photoId(), photoId()] },
    installed: { serial: `DT${randomBytes(5).toString('hex').toUpperCase()}`, model: 'DDS26-D', readings: { total: 0.3 }, seals: [{ code: 'TC-102938', beads: 2 }], photoIds: [photoId(), photoId(), photoId()] },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 8, at },
    handover: { signerName: 'Nguyễn Thị Hoa', signerRole: 'customer', signaturePhotoId: photoId(), cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true } },
    completedAt: at,
  };
}

async function pullAll(session: Session, clientId: string): Promise<WorkOrder[]> {
  const orders = new Map<string, WorkOrder>();
  let cursor: string | undefined;
  for (;;) {
    const query = `clientId=${clientId}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
    const page = PullResponse.parse((await session.request('GET', `/api/v1/sync/pull?${query}`)).json);
    for (const change of page.changes) {
      if (change.entity === 'workOrder' && change.op === 'upsert' && change.data) orders.set(change.id, change.data);
      else orders.delete(change.id);
    }
    cursor = page.cursor;
    if (!page.hasMore) return [...orders.values()];
  }
}

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-push-'));
  let dbName: string | null = null;
  const env: Record<string, string> = { DATA_DIR: dataDir };
  if (backend === 'postgres') {
    dbName = `bench_push_${process.pid}`;
    const admin = new pg.Client(PG_ADMIN_URL);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    env.DATABASE_URL = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const { child, base } = await startServer(env);
  try {
    // Give every technician more work, so there is enough to push.
    const technicianNames = ['tech1', 'tech2', 'tech3', 'tech4', 'tech5', 'tech6'];
    for (const [supervisor, province] of [['supervisor1', 'Thanh Hóa'], ['supervisor2', 'Cà Mau']] as const) {
      const s = new Session(base);
      await s.login(supervisor);
      const techs = ((await s.request('GET', '/api/v1/technicians')).json as { items: { id: string; username: string }[] }).items;
      const pool = await unassignedIds(province);
      for (const [i, tech] of techs.entries()) {
        const ids = pool.slice(i * EXTRA_PER_TECH, (i + 1) * EXTRA_PER_TECH);
        const res = await s.request('POST', '/api/v1/assignments', { workOrderIds: ids, technicianId: tech.id });
        if (res.status !== 200) throw new Error(`assign: ${res.status} ${JSON.stringify(res.json)}`);
      }
    }
    // Devices: CLIENTS sessions spread over the six technicians, each with its own clientId and share of orders.
    const devices = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const session = new Session(base);
        const username = technicianNames[i % technicianNames.length] ?? 'tech1';
        await session.login(username);
        return { session, username, clientId: randomUUID(), index: Math.floor(i / technicianNames.length) };
      }),
    );
    const perTech = new Map<string, WorkOrder[]>();
    for (const device of devices) {
      if (!perTech.has(device.username)) perTech.set(device.username, await pullAll(device.session, device.clientId));
    }
    const devicesOf = (username: string) => devices.filter((d) => d.username === username).length;
    const work = devices.map((device) => {
      const share = devicesOf(device.username);
      const orders = (perTech.get(device.username) ?? []).filter((_, k) => k % share === device.index);
      return { device, mutations: orders.map((wo, k) => ({ seq: k + 1, mutationId: randomUUID(), name: 'swap.complete', args: swapArgs(wo) })) };
    });
    const totalSwaps = work.reduce((n, w) => n + w.mutations.length, 0);

    let pushes = 0;
    let bytes = 0;
    const started = performance.now();
    await Promise.all(
      work.map(async ({ device, mutations }) => {
        for (let k = 0; k < mutations.length; k += BATCH) {
          const body = { protocolVersion: 1, clientId: device.clientId, mutations: mutations.slice(k, k + BATCH) };
          bytes += JSON.stringify(body).length;
          const res = await device.session.request('POST', '/api/v1/sync/push', body);
          if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.json)}`);
          pushes += 1;
        }
      }),
    );
    const pushSeconds = (performance.now() - started) / 1000;

    const noopRequests = Math.max(pushes, 2000);
    let remaining = noopRequests;
    const noopStarted = performance.now();
    await Promise.all(
      devices.map(async ({ session }) => {
        while (remaining > 0) {
          remaining -= 1;
          const res = await session.request('GET', '/api/v1/auth/me');
          if (res.status !== 200) throw new Error(`me: ${res.status}`);
        }
      }),
    );
    const noopPerSecond = noopRequests / ((performance.now() - noopStarted) / 1000);
    const swapsPerSecond = totalSwaps / pushSeconds;
    console.log(
      `${backend.padEnd(8)} clients=${CLIENTS} batch=${BATCH} swaps=${totalSwaps} in ${pushSeconds.toFixed(2)} s → ` +
        `${swapsPerSecond.toFixed(0)} swaps/s, ${(pushes / pushSeconds).toFixed(0)} pushes/s, ` +
        `no-op ${noopPerSecond.toFixed(0)} req/s, ingest÷no-op (swaps per no-op request) ${(swapsPerSecond / noopPerSecond).toFixed(2)}, ` +
        `avg push body ${(bytes / pushes / 1024).toFixed(1)} KB`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client(PG_ADMIN_URL);
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

/** The unassigned orders of a province, from the deterministic demo generator (same seed as `npm run demo`). */
async function unassignedIds(province: string): Promise<string[]> {
  const { generateDemo, DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZE } = await import('../server/demo/generate');
  const now = new Date();
  const demo = generateDemo({ seed: DEFAULT_DEMO_SEED, size: DEFAULT_DEMO_SIZE, now, today: '2026-01-01' });
  const ids: string[] = [];
  for (const wo of demo.workOrders()) if (wo.assigneeId === null && wo.province === province) ids.push(wo.id);
  return ids;
}

for (const backend of BACKEND === 'both' ? (['sqlite', 'postgres'] as const) : [BACKEND as 'sqlite' | 'postgres']) {
  await run(backend);
}
