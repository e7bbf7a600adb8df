/**
 * A technician's FULL pull (no cursor: a new phone, or a reset) in a database of 1,000,000 work orders, on SQLite
 * and on PostgreSQL, timed through HTTP against a real server process (JSON encoding and compression count).
 *
 *   node --import tsx bench/pull.ts [--size 1000000] [--runs 200] [--backend sqlite|postgres|both] [--technicians 300] [--rebuild]
 *
 * The database: the demo generator's `--size` orders (`npm run seed -- --size N`), then a programme's worth of pull
 * feed written through the normal path (the assignment service: work order versions, assignment history, the
 * `changes` feed, the audit trail): `--technicians` more technicians are given 90 % of the orders in routes of 250,
 * round robin so everyone's feed rows are spread over the whole table, and one in ten of those routes is handed
 * over to a colleague afterwards (a revoke for one, an upsert for the other). The measured technician, `tech1`, ends
 * with 300 open orders: the demo's 30 and nine routes of 30 given at evenly spread moments of the programme.
 *
 * Generating takes minutes, so the databases are kept between runs: SQLite under bench/out/pull/, PostgreSQL as
 * the database `bench_pull_<size>_<key>`; the key hashes the migrations, the store's schema, the demo generator,
 * the assignment service and this file's build parameters, so a change to any of them builds afresh (older
 * databases of the same size are removed then). `--rebuild` forces it.
 *
 * A full pull is what src/sync/pull.ts does on a phone: pages of PULL_DEFAULT_LIMIT with the device report, a new
 * client id each time, `Accept-Encoding: gzip, deflate, br, zstd` as Chrome on Android sends (the server answers
 * brotli), over one keep-alive connection; timed from the first request to the last page decoded and parsed.
 * `--server-log FILE` keeps the server's request lines (each with its duration) to see where the time goes.
 * Writes bench/results/pull.figures.json (budget: p99 ≤ 150 ms) and bench/results/pull.json (details).
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import pg from 'pg';
import { PULL_DEFAULT_LIMIT, PullResponse } from '../src/domain/protocol/sync';
import { DEMO_PASSWORD } from '../server/demo/people';
import { createAssignmentService } from '../server/services/assignmentService';
import type { AuthContext } from '../server/services/authService';
import { systemClock } from '../server/services/clock';
import { hashPassword } from '../server/services/passwords';
import type { UserRecord } from '../server/store/records';
import { createStore, type Store } from '../server/store/store';
import { startServerProcess, type ServerProcess } from '../scripts/serverProcess';
import { figure, formatTable, RESULTS_DIR, writeFigures, type Figure } from './lib/figures';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i]?.replace(/^--/, '') ?? '';
  const next = process.argv[i + 1];
  if (next === undefined || next.startsWith('--')) args.set(name, 'true');
  else {
    args.set(name, next);
    i++;
  }
}
const SIZE = Number(args.get('size') ?? 1_000_000);
const RUNS = Number(args.get('runs') ?? 200);
const WARMUP = 10;
const BACKEND = args.get('backend') ?? 'both';
const TECHNICIANS = Number(args.get('technicians') ?? 300);
const REBUILD = args.get('rebuild') === 'true';
/** Where the server's log lines go (one per request, with its duration): for finding out where time goes. */
const SERVER_LOG = args.get('server-log');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BUDGET_P99_MS = 150;

/** What the build does, besides the files hashed into the key: change it and the cached databases are rebuilt. */
const BUILD = {
  version: 1,
  size: SIZE,
  technicians: TECHNICIANS,
  assignedShare: 0.9,
  routeSize: 250,
  handoverEvery: 10,
  measured: 'tech1',
  measuredOrders: 300,
  measuredRoute: 30,
};
/** What a phone's Chrome sends. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

type Backend = 'sqlite' | 'postgres';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// The cached databases

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Hash of everything that shapes the generated database. */
function buildKey(): string {
  const hash = createHash('sha256').update(JSON.stringify(BUILD));
  const files = [
    ...filesUnder(path.join(ROOT, 'server/store/migrations')),
    path.join(ROOT, 'server/store/schema.ts'),
    ...filesUnder(path.join(ROOT, 'server/demo')),
    path.join(ROOT, 'server/services/assignmentService.ts'),
  ];
  for (const file of files) hash.update(path.relative(ROOT, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

const sizeLabel = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n));

interface Location {
  /** What the server and the store are given. */
  env: Record<string, string>;
  store: { databaseUrl?: string; dataDir?: string };
  label: string;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>, url = PG_ADMIN_URL): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const pgUrl = (db: string) => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${db}`);

/** Runs `npm run seed -- --size N` (the CLI itself) and answers its own timing line. */
async function seed(env: Record<string, string>): Promise<{ seconds: number; line: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/demo/cli.ts', '--size', String(SIZE)], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    process.stdout.write(chunk);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed failed (${code})`);
  return { seconds: (performance.now() - started) / 1000, line: out.trim().split('\n').at(-1) ?? '' };
}

/** The environment without DATABASE_URL (SQLite unless a location says otherwise). */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return env;
}

interface BuildReport {
  seedSeconds: number;
  seedLine: string;
  feedSeconds: number;
  assignCalls: number;
}

async function ensureDatabase(backend: Backend, key: string): Promise<{ location: Location; built: BuildReport | null }> {
  const name = `bench_pull_${sizeLabel(SIZE)}_${key}`;
  if (backend === 'sqlite') {
    const root = path.join(ROOT, 'bench/out/pull');
    mkdirSync(root, { recursive: true });
    const dir = path.join(root, `sqlite_${sizeLabel(SIZE)}_${key}`);
    const location: Location = { env: { DATA_DIR: dir }, store: { dataDir: dir }, label: path.relative(ROOT, dir) };
    if (existsSync(path.join(dir, 'ready')) && !REBUILD) return { location, built: null };
    for (const old of readdirSync(root)) {
      if (old.startsWith(`sqlite_${sizeLabel(SIZE)}_`)) rmSync(path.join(root, old), { recursive: true, force: true });
    }
    const wip = `${dir}_wip`;
    rmSync(wip, { recursive: true, force: true });
    const built = await build({ env: { DATA_DIR: wip }, store: { dataDir: wip }, label: wip });
    renameSync(wip, dir);
    writeFileSync(path.join(dir, 'ready'), `${JSON.stringify({ key, ...BUILD, built }, null, 2)}\n`);
    return { location, built };
  }
  const location: Location = { env: { DATABASE_URL: pgUrl(name) }, store: { databaseUrl: pgUrl(name) }, label: name };
  const existing = await withAdmin(async (c) =>
    (await c.query<{ datname: string }>(`select datname from pg_database where datname like 'bench_pull_${sizeLabel(SIZE)}_%'`)).rows.map(
      (r) => r.datname,
    ),
  );
  if (existing.includes(name) && !REBUILD) return { location, built: null };
  const wip = `${name}_wip`;
  await withAdmin(async (c) => {
    for (const old of existing) await c.query(`drop database if exists ${old} with (force)`);
    await c.query(`create database ${wip}`);
  });
  const built = await build({ env: { DATABASE_URL: pgUrl(wip) }, store: { databaseUrl: pgUrl(wip) }, label: wip });
  // What autovacuum would have done by the time anyone pulls: visibility map and planner statistics.
  await withAdmin(async (c) => c.query('vacuum (analyze)'), pgUrl(wip));
  await withAdmin(async (c) => c.query(`alter database ${wip} rename to ${name}`));
  return { location, built };
}

async function build(location: Location): Promise<BuildReport> {
  log(`building ${location.label}: ${SIZE} work orders (npm run seed -- --size ${SIZE})…`);
  const seeded = await seed(location.env);
  const started = performance.now();
  const store = await createStore(location.store);
  try {
    const assignCalls = await writeFeed(store);
    return { seedSeconds: seeded.seconds, seedLine: seeded.line, feedSeconds: (performance.now() - started) / 1000, assignCalls };
  } finally {
    await store.close();
  }
}

/** Every unassigned order of a team, in code order (one commune's orders follow each other: routes). */
async function unassignedOf(store: Store, teamId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.workOrders.list({ teamId, status: ['unassigned'] }, after, 5000);
    ids.push(...page.map((wo) => wo.id));
    after = page.at(-1)?.code;
    if (page.length < 5000) return ids;
  }
}

interface Route {
  technicianId: string;
  workOrderIds: string[];
}

/** The programme's assignments through the assignment service, as supervisors would make them. */
async function writeFeed(store: Store): Promise<number> {
  const admin = await store.users.findByUsername('admin');
  const measured = await store.users.findByUsername(BUILD.measured);
  if (!admin || !measured) throw new Error('the demo accounts are missing');
  const auth: AuthContext = {
    sessionId: 'bench',
    user: { id: admin.id, username: admin.username, displayName: admin.displayName, role: 'admin', teamId: null, teamName: null },
  };
  const assignments = createAssignmentService(store, systemClock);
  const teams = await store.teams.listAll();

  // More technicians, shared between the teams as the orders are.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = new Date().toISOString();
  const pools = await Promise.all(teams.map(async (team) => ({ team, orders: await unassignedOf(store, team.id) })));
  const total = pools.reduce((n, p) => n + p.orders.length, 0);
  const perTeam = new Map<string, UserRecord[]>();
  for (const { team, orders } of pools) {
    const count = Math.max(1, Math.round((TECHNICIANS * orders.length) / total));
    const users = Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      username: `bench_${team.id.slice(0, 4)}_${String(i + 1).padStart(3, '0')}`,
      displayName: `Kỹ thuật viên ${i + 1}`,
      role: 'technician' as const,
      teamId: team.id,
      passwordHash,
      active: true,
      createdAt: at,
    }));
    await store.users.insertMissing(users);
    perTeam.set(team.id, await store.users.findByUsernames(users.map((u) => u.username)));
  }

  // Routes of BUILD.routeSize, the teams' routes interleaved, technicians round robin.
  const routes: Route[] = [];
  const queues = pools.map(({ team, orders }) => {
    const assigned = orders.slice(0, Math.floor(orders.length * BUILD.assignedShare));
    const techs = perTeam.get(team.id) ?? [];
    const list: Route[] = [];
    for (let i = 0, k = 0; i < assigned.length; i += BUILD.routeSize, k++) {
      list.push({ technicianId: techs[k % techs.length]?.id ?? '', workOrderIds: assigned.slice(i, i + BUILD.routeSize) });
    }
    return { team, list, rest: orders.slice(assigned.length) };
  });
  for (let i = 0; queues.some((q) => i < q.list.length); i++) {
    for (const q of queues) {
      const route = q.list[i];
      if (route) routes.push(route);
    }
  }
  // Handovers: one route in `handoverEvery` moves to the next technician of the team, later in the programme.
  const colleague = new Map<string, string>();
  for (const techs of perTeam.values()) techs.forEach((t, i) => colleague.set(t.id, techs[(i + 1) % techs.length]?.id ?? t.id));
  const handovers = routes
    .filter((_, i) => i % BUILD.handoverEvery === 0)
    .map((r) => ({ technicianId: colleague.get(r.technicianId) ?? r.technicianId, workOrderIds: r.workOrderIds }));
  const all = [...routes];
  for (const [i, h] of handovers.entries()) all.splice(Math.min(all.length, Math.floor(routes.length / 2) + i * 10), 0, h);
  // The measured technician's routes from orders of their team nobody else gets, spread over the programme.
  const measuredTeam = queues.find((q) => q.team.id === measured.teamId);
  if (!measuredTeam) throw new Error(`${BUILD.measured} has no team`);
  const extra = BUILD.measuredOrders - 30;
  const mine = measuredTeam.rest.slice(0, extra);
  if (mine.length < extra) throw new Error(`size ${SIZE} is too small for ${BUILD.measured}'s ${BUILD.measuredOrders} orders`);
  const measuredRoutes = extra / BUILD.measuredRoute;
  for (let r = measuredRoutes - 1; r >= 0; r--) {
    all.splice(Math.floor(((r + 0.5) * all.length) / measuredRoutes), 0, {
      technicianId: measured.id,
      workOrderIds: mine.slice(r * BUILD.measuredRoute, (r + 1) * BUILD.measuredRoute),
    });
  }

  const orders = all.reduce((n, r) => n + r.workOrderIds.length, 0);
  log(`writing the feed: ${all.length} assignments of ${orders} work orders to ${[...perTeam.values()].flat().length + 1} technicians…`);
  let done = 0;
  let next = 0.1;
  const started = performance.now();
  for (const route of all) {
    const result = await assignments.assign(auth, { workOrderIds: route.workOrderIds, technicianId: route.technicianId });
    if (!result.ok) throw new Error(`assign: ${result.error.code} ${result.error.detail}`);
    done += 1;
    if (done / all.length >= next) {
      log(`  ${Math.round(next * 100)} % (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      next += 0.1;
    }
  }
  return all.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

function startServer(env: Record<string, string>): Promise<ServerProcess> {
  // The default log level (info): a request line per page, as in production.
  return startServerProcess({ DATABASE_URL: undefined, ...env, DEMO: '0' }, { output: SERVER_LOG === undefined ? 'keep' : { logFile: SERVER_LOG } });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  wireBytes: number;
  body: Buffer;
}

const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  br: promisify(zlib.brotliDecompress),
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
};

function request(agent: http.Agent, port: number, method: string, target: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'] ?? '';
        const decode = decoders[encoding];
        (decode ? decode(raw) : Promise.resolve(raw)).then(
          (decoded) => resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes: raw.length, body: decoded }),
          reject,
        );
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface PullRun {
  ms: number;
  pages: number;
  changes: number;
  wireBytes: number;
  jsonBytes: number;
  encoding: string;
  /** Every change of the run, for the first run's check. */
  pulled: PullResponse['changes'];
}

/** One full pull as src/sync/pull.ts makes it: no cursor, pages of the client's size, the device report. */
async function fullPull(agent: http.Agent, port: number, cookie: string, acceptEncoding: string): Promise<PullRun> {
  const clientId = randomUUID();
  const started = performance.now();
  let cursor: string | null = null;
  const run: PullRun = { ms: 0, pages: 0, changes: 0, wireBytes: 0, jsonBytes: 0, encoding: '', pulled: [] };
  for (;;) {
    const query = new URLSearchParams({ clientId, limit: String(PULL_DEFAULT_LIMIT) });
    if (cursor !== null) query.set('cursor', cursor);
    query.set('pendingRecords', '0');
    query.set('pendingPhotos', '0');
    const answer = await request(agent, port, 'GET', `/api/v1/sync/pull?${query.toString()}`, {
      cookie,
      accept: '*/*',
      'accept-encoding': acceptEncoding,
    });
    if (answer.status !== 200) throw new Error(`pull: ${answer.status} ${answer.body.toString()}`);
    const page = JSON.parse(answer.body.toString('utf8')) as PullResponse;
    run.pages += 1;
    run.changes += page.changes.length;
    run.wireBytes += answer.wireBytes;
    run.jsonBytes += answer.body.length;
    run.encoding = answer.headers['content-encoding'] ?? 'identity';
    run.pulled.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  run.ms = performance.now() - started;
  return run;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

interface BackendResult {
  backend: Backend;
  database: string;
  workOrders: number;
  changeRows: number;
  measuredFeedRows: number;
  built: BuildReport | null;
  runs: number;
  pages: number;
  changes: number;
  encoding: string;
  wireBytes: number;
  jsonBytes: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The same pull without compression. */
  identityP50: number;
  identityWireBytes: number;
  /** An authenticated no-op (GET /auth/me) in the same run: the floor this machine gives any request now. */
  noopP50: number;
  noopP99: number;
}

/** A backend ready to measure: its database, its server process, a signed-in technician. */
interface Target {
  backend: Backend;
  location: Location;
  built: BuildReport | null;
  workOrders: number;
  changeRows: number;
  measuredFeedRows: number;
  server: ServerProcess;
  port: number;
  agent: http.Agent;
  cookie: string;
  runs: PullRun[];
  identity: PullRun[];
  noop: number[];
}

async function prepare(backend: Backend, key: string): Promise<Target> {
  const { location, built } = await ensureDatabase(backend, key);
  // The database as it is: counted from the store, not from what the build meant to write.
  const store = await createStore(location.store);
  let workOrders: number;
  let changeRows: number;
  let measuredFeedRows: number;
  try {
    workOrders = await store.workOrders.count();
    changeRows = await store.changes.count();
    const measured = await store.users.findByUsername(BUILD.measured);
    measuredFeedRows = measured ? await store.changes.count(measured.id) : 0;
  } finally {
    await store.close();
  }
  log(`${backend}: ${location.label}: ${workOrders} work orders, ${changeRows} change rows (${measuredFeedRows} for ${BUILD.measured})`);

  const server = await startServer(location.env);
  const { port } = server;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target: Target = {
    backend,
    location,
    built,
    workOrders,
    changeRows,
    measuredFeedRows,
    server,
    port,
    agent,
    cookie: '',
    runs: [],
    identity: [],
    noop: [],
  };
  try {
    const login = await request(
      agent,
      port,
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ username: BUILD.measured, password: DEMO_PASSWORD }),
    );
    if (login.status !== 200) throw new Error(`login: ${login.status}`);
    target.cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';

    // The pull must be what the phone gets: exactly the technician's open orders, checked with the API's schema.
    const first = await fullPull(agent, port, target.cookie, ACCEPT_ENCODING);
    const checked = PullResponse.shape.changes.parse(first.pulled);
    const open = new Map<string, string>();
    for (const c of checked) {
      if (c.entity !== 'workOrder') continue;
      if (c.op === 'upsert' && c.data) open.set(c.id, c.data.status);
      else open.delete(c.id);
    }
    if (open.size !== BUILD.measuredOrders || [...open.values()].some((st) => st !== 'assigned')) {
      throw new Error(`${BUILD.measured}'s full pull gives ${open.size} open orders, expected ${BUILD.measuredOrders}`);
    }
    return target;
  } catch (error) {
    await stop(target);
    throw error;
  }
}

async function stop(target: Target): Promise<void> {
  target.agent.destroy();
  await target.server.stop();
}

async function noop(target: Target): Promise<number> {
  const started = performance.now();
  const answer = await request(target.agent, target.port, 'GET', '/api/v1/auth/me', {
    cookie: target.cookie,
    accept: '*/*',
    'accept-encoding': ACCEPT_ENCODING,
  });
  if (answer.status !== 200) throw new Error(`me: ${answer.status}`);
  return performance.now() - started;
}

/**
 * The backends side by side: each round runs one full pull on every backend (the order alternating), so what
 * else the machine is doing meanwhile weighs on all of them alike.
 */
async function measureSideBySide(targets: readonly Target[]): Promise<void> {
  const rounds = async (n: number, each: (t: Target) => Promise<void>) => {
    for (let i = 0; i < n; i++) for (const t of i % 2 === 0 ? targets : [...targets].reverse()) await each(t);
  };
  await rounds(WARMUP, async (t) => {
    await fullPull(t.agent, t.port, t.cookie, ACCEPT_ENCODING);
  });
  await rounds(RUNS, async (t) => {
    t.runs.push(await fullPull(t.agent, t.port, t.cookie, ACCEPT_ENCODING));
    t.noop.push(await noop(t));
  });
  // Beside it, the same pull without compression: what encoding costs (and saves) on this machine.
  await rounds(Math.min(RUNS, 50), async (t) => {
    t.identity.push(await fullPull(t.agent, t.port, t.cookie, 'identity'));
  });
}

function summarise(t: Target): BackendResult {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const ms = sorted(t.runs.map((r) => r.ms));
  const noops = sorted(t.noop);
  const identity = sorted(t.identity.map((r) => r.ms));
  const last = t.runs.at(-1);
  if (!last) throw new Error('no runs');
  return {
    backend: t.backend,
    database: t.location.label,
    workOrders: t.workOrders,
    changeRows: t.changeRows,
    measuredFeedRows: t.measuredFeedRows,
    built: t.built,
    runs: t.runs.length,
    pages: last.pages,
    changes: last.changes,
    encoding: last.encoding,
    wireBytes: last.wireBytes,
    jsonBytes: last.jsonBytes,
    p50: quantile(ms, 0.5),
    p90: quantile(ms, 0.9),
    p99: quantile(ms, 0.99),
    max: ms.at(-1) ?? NaN,
    identityP50: quantile(identity, 0.5),
    identityWireBytes: t.identity.at(-1)?.wireBytes ?? 0,
    noopP50: quantile(noops, 0.5),
    noopP99: quantile(noops, 0.99),
  };
}

async function main(): Promise<void> {
  if (!Number.isInteger(SIZE) || SIZE < 1000 || !Number.isInteger(RUNS) || RUNS < 1) throw new Error('usage: --size N (≥ 1000) --runs N');
  const key = buildKey();
  const backends: Backend[] = BACKEND === 'both' ? ['sqlite', 'postgres'] : [BACKEND as Backend];
  const targets: Target[] = [];
  const results: BackendResult[] = [];
  try {
    // Built one after the other (each takes minutes), measured together.
    for (const backend of backends) targets.push(await prepare(backend, key));
    await measureSideBySide(targets);
    results.push(...targets.map(summarise));
  } finally {
    for (const t of targets) await stop(t);
  }
  for (const r of results) {
    log(
      `${r.backend}: full pull of ${r.changes} changes in ${r.pages} pages, ${r.runs} runs: p50 ${r.p50.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ` +
        `${(r.wireBytes / 1024).toFixed(1)} KB on the wire (${r.encoding}) for ${(r.jsonBytes / 1024).toFixed(1)} KB of JSON; uncompressed p50 ${r.identityP50.toFixed(1)} ms; ` +
        `no-op GET /auth/me p50 ${r.noopP50.toFixed(1)} ms, p99 ${r.noopP99.toFixed(1)} ms`,
    );
  }
  const label = sizeLabel(SIZE);
  const name = (b: Backend) => (b === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const figures: Figure[] = results.flatMap((r) => [
    figure(`pull: full pull p50, ${BUILD.measuredOrders} orders in ${label} (${name(r.backend)})`, r.p50, 'ms'),
    figure(
      `pull: full pull p99, ${BUILD.measuredOrders} orders in ${label} (${name(r.backend)})`,
      r.p99,
      'ms',
      SIZE === 1_000_000 ? { max: BUDGET_P99_MS } : null,
    ),
  ]);
  const [first] = results;
  if (first) figures.push(figure(`pull: bytes on the wire per full pull (${first.encoding})`, first.wireBytes, 'B'));
  const sqlite = results.find((r) => r.backend === 'sqlite');
  const postgres = results.find((r) => r.backend === 'postgres');
  if (sqlite && postgres) figures.push(figure('pull: p99 PostgreSQL ÷ SQLite', postgres.p99 / sqlite.p99, 'ratio'));
  log(`\n${formatTable(figures)}`);
  writeFigures('pull', figures);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    path.join(RESULTS_DIR, 'pull.json'),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), size: SIZE, key, acceptEncoding: ACCEPT_ENCODING, pageSize: PULL_DEFAULT_LIMIT, results }, null, 2)}\n`,
  );
}

await main();
