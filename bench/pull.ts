/**
 * A technician's pulls in a big database, timed through HTTP against a real server process (JSON encoding and
 * compression count): the FULL pull (no cursor: a new phone, or a reset), the INCREMENTAL pull (a cursor, after a
 * few changes of the technician's work) and the pull of a device in sync (nothing new).
 *
 *   node --import tsx bench/pull.ts [--size 1000000] [--technicians 300] [--runs 200] [--backend sqlite|postgres|both]
 *     [--generator service|bulk] [--rebuild] [--build-only] [--port N] [--before-server ../old/server/main.ts] [--server-log FILE]
 *
 * Two ways to build the database, both cached between runs (generating takes minutes, or an hour):
 *
 * - `service` (the default up to 1,000,000 orders, SQLite and PostgreSQL): the demo generator's `--size` orders
 *   (`npm run seed -- --size N`), then a programme's worth of pull feed written through the normal path (the
 *   assignment service: work order versions, assignment history, the `changes` feed, the audit trail):
 *   `--technicians` more technicians are given 90 % of the orders in routes of 250, round robin so everyone's feed
 *   rows are spread over the whole table, and one in ten of those routes is handed over to a colleague afterwards
 *   (a revoke for one, an upsert for the other). The measured technician, `tech1`, ends with 300 open orders: the
 *   demo's 30 and nine routes of 30 given at evenly spread moments of the programme. Kept as SQLite under
 *   bench/out/pull/ and as the PostgreSQL database `bench_pull_<size>_<key>`.
 * - `bulk` (the default above 1,000,000, PostgreSQL only; issue 14: `--size 10000000 --technicians 5000`): a
 *   national campaign's history written in bulk (bench/lib/campaign.ts: the same orders, every route assigned,
 *   handed over, started, completed and approved as the services would have written it, in multi-row INSERTs), at
 *   the schema of HISTORY_SCHEMA, the last one whose feed was never compacted: the database `bench_pull_<size>_h_<key>`,
 *   as a server of that time would have left it. The current code's database, `bench_pull_<size>_c_<key>`, is that
 *   one brought to the current schema by the migrations (which compact the feed; the time they take is reported) and
 *   a pass of the feed's compaction (old revokes: what a server does a minute after it starts, done before it starts),
 *   renamed rather than copied, so the history database is used up (`--rebuild` or a run with `--before-server`
 *   builds it again). `tech1` owns 300 orders: the demo's 30 and nine routes of 30 (most of them approved by now),
 *   with the history of 27 routes behind it (two in three were handed over to colleagues).
 *   `--before-server PATH` measures, first, the server of another checkout (an export of the main branch: `git
 *   archive main | tar -x -C DIR`, with DIR/node_modules linked to this one's) on the history database: the code
 *   before the change, in the same session, on the same data.
 *
 * The keys hash the migrations, the store's schema, the demo generator, the assignment service or the campaign
 * writer and the build parameters below, so a change to any of them builds afresh (older databases of the same size
 * and kind are removed then). `--rebuild` forces it. The build's report (its time, the disk it takes: pg_database_size
 * and the big tables) is kept with the database (SQLite: `ready` beside it; PostgreSQL: the database's comment).
 *
 * A full pull is what src/sync/pull.ts does on a phone: pages of PULL_DEFAULT_LIMIT (`--limit N` for another size)
 * with the device report, a new client id each time, `Accept-Encoding: gzip, deflate, br, zstd` as Chrome on Android
 * sends (the server answers brotli), over one keep-alive connection; timed from the first request to the last page
 * decoded and parsed. The first one is checked: what it leaves on the phone is exactly the orders the database gives
 * the technician, at their versions. Besides `tech1`, the first `bench_…` technician of the build is pulled in full
 * too, for reading: a full pull costs what the technician owns. The incremental pull: an admin moves three of `tech1`'s open
 * orders to `tech2` (or back) and re-plans two others, then `tech1` pulls with the cursor of its previous pull (timed:
 * one request); then once more with the new cursor (in sync).
 * `--server-log FILE` keeps the server's request lines (each with its duration) to see where the time goes.
 * `--port N` puts the server on N (the one measured before on N + 1). `--build-only` builds (or finds) the databases and
 * stops (bulk: the history database, kept for a later run with `--before-server`).
 * Writes bench/results/pull.figures.json and bench/results/pull.json (details); runs other than the 1,000,000 one
 * write pull-<size>.figures.json and pull-<size>.json beside them. Budgets: full pull p99 ≤ 150 ms at 1,000,000
 * orders, ≤ 100 ms at 10,000,000; incremental pull p99 ≤ 30 ms at both.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import pg from 'pg';
import { PULL_DEFAULT_LIMIT, PullResponse } from '../src/domain/protocol/sync';
import { isoDayInVietnam } from '../src/domain/time/time';
import { DEMO_PASSWORD } from '../server/demo/people';
import { createAssignmentService } from '../server/services/assignmentService';
import { createFeedCompaction } from '../server/services/feedCompaction';
import type { AuthContext } from '../server/services/authService';
import { systemClock } from '../server/services/clock';
import { hashPassword } from '../server/services/passwords';
import type { UserRecord } from '../server/store/records';
import { createStore, type Store } from '../server/store/store';
import { startServerProcess, type ServerProcess } from '../scripts/serverProcess';
import { migrateUpTo, writeCampaign, type CampaignPlan, type CampaignReport } from './lib/campaign';
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
const GENERATOR = args.get('generator') ?? (SIZE > 1_000_000 ? 'bulk' : 'service');
const REBUILD = args.get('rebuild') === 'true';
/** Where the server's log lines go (one per request, with its duration): for finding out where time goes. */
const SERVER_LOG = args.get('server-log');
const PORT = args.has('port') ? Number(args.get('port')) : undefined;
/** Changes per page (the app's default unless told): to see what the page size costs or saves. */
const PAGE_LIMIT = Number(args.get('limit') ?? PULL_DEFAULT_LIMIT);
/** Another checkout's server/main.ts, measured first on the history database (bulk only). */
const BEFORE_SERVER = args.get('before-server');
/** Builds (or finds) the database and stops: bulk, the history database, kept for a later run with --before-server. */
const BUILD_ONLY = args.get('build-only') === 'true';
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FULL_BUDGET_P99_MS = SIZE >= 10_000_000 ? 100 : SIZE === 1_000_000 ? 150 : null;
const INCREMENTAL_BUDGET_P99_MS = SIZE >= 1_000_000 ? 30 : null;
/** Runs of the pulls read beside the budgets (the typical technician's, the uncompressed one). */
const SIDE_RUNS = Math.min(RUNS, 50);

/** What the service build does, besides the files hashed into the key: change it and the cached databases are rebuilt. */
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

/** What the bulk build writes (bench/lib/campaign.ts). */
const CAMPAIGN: CampaignPlan = {
  size: SIZE,
  technicians: TECHNICIANS,
  routeSize: 250,
  assignedShare: 0.9,
  handoverEvery: 10,
  campaignDays: 240,
  lags: { handover: 0.25, start: 0.5, complete: 0.75, approve: 1.5 },
  measured: { username: 'tech1', routes: 27, routeSize: 30, keepEvery: 3 },
};
/** The last schema whose pull feed was never compacted: the bulk history is written at it. */
const HISTORY_SCHEMA = '2026_12_01_0001_backed_photo_references';
const MEASURED = 'tech1';
/** The server's default (server/config.ts). */
const PULL_REVOKE_DAYS = 30;
/** Who the incremental pull's changes move orders to and back from (a technician of the same team). */
const COLLEAGUE = 'tech2';
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

function hashFiles(seed: unknown, files: readonly string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(seed));
  for (const file of files) hash.update(path.relative(ROOT, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

const MIGRATIONS_DIR = path.join(ROOT, 'server/store/migrations');

/** Hash of everything that shapes the service-built database. */
function buildKey(): string {
  return hashFiles(BUILD, [
    ...filesUnder(MIGRATIONS_DIR),
    path.join(ROOT, 'server/store/schema.ts'),
    ...filesUnder(path.join(ROOT, 'server/demo')),
    path.join(ROOT, 'server/services/assignmentService.ts'),
  ]);
}

/** Hash of everything that shapes the bulk history: the migrations up to HISTORY_SCHEMA, the generators, the plan. */
function historyKey(): string {
  const migrations = filesUnder(MIGRATIONS_DIR).filter((f) => path.basename(f, '.ts') <= HISTORY_SCHEMA);
  return hashFiles({ CAMPAIGN, HISTORY_SCHEMA }, [
    ...migrations,
    ...filesUnder(path.join(ROOT, 'server/demo')),
    path.join(ROOT, 'bench/lib/campaign.ts'),
  ]);
}

/** The history's key and every migration: the current schema's database made from it. */
function currentKey(): string {
  return hashFiles(historyKey(), filesUnder(MIGRATIONS_DIR));
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
const pgLocation = (db: string): Location => ({ env: { DATABASE_URL: pgUrl(db) }, store: { databaseUrl: pgUrl(db) }, label: db });

async function databasesLike(pattern: RegExp): Promise<string[]> {
  const rows = await withAdmin(async (c) => (await c.query<{ datname: string }>('select datname from pg_database')).rows);
  return rows.map((r) => r.datname).filter((name) => pattern.test(name));
}

/** What the database takes on disk, whole and its biggest tables (bytes). */
interface DiskSize {
  database: number;
  tables: Record<string, number>;
}

async function diskSize(db: string): Promise<DiskSize> {
  return withAdmin(async (c) => {
    const database = Number((await c.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]?.n ?? 0);
    const { rows } = await c.query<{ relname: string; n: string }>(
      `select relname, pg_total_relation_size(oid) as n from pg_class
        where relname in ('work_orders', 'changes', 'assignments') and relnamespace = 'public'::regnamespace`,
    );
    return { database, tables: Object.fromEntries(rows.map((r) => [r.relname, Number(r.n)])) };
  }, pgUrl(db));
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** What a build left with its database (PostgreSQL keeps it as the database's comment). */
interface BuildRecord {
  key: string;
  /** The service build's times. */
  service?: BuildReport;
  /** The bulk build's report and the disk it took. */
  campaign?: CampaignReport & { disk: DiskSize };
  /**
   * Bringing the history to the current schema (bulk): the migrations' time, then a pass of the feed's compaction
   * (what a server does a minute after it starts: the revokes older than PULL_REVOKE_DAYS), and the disk after.
   */
  migrated?: { seconds: number; compaction: { seconds: number; removed: number }; vacuumSeconds: number; disk: DiskSize };
  load: string;
}

async function readRecord(db: string): Promise<BuildRecord | null> {
  const text = await withAdmin(
    async (c) =>
      (await c.query<{ text: string | null }>('select shobj_description(oid, $1) as text from pg_database where datname = $2', ['pg_database', db]))
        .rows[0]?.text,
  );
  return text ? (JSON.parse(text) as BuildRecord) : null;
}

async function writeRecord(db: string, record: BuildRecord): Promise<void> {
  await withAdmin(async (c) => c.query(`comment on database ${db} is ${pg.escapeLiteral(JSON.stringify(record))}`));
}

const load = () =>
  `${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} (${os.cpus().length} CPUs)`;

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

/** The service-built database of a backend, built when missing. */
async function ensureServiceDatabase(backend: Backend): Promise<{ location: Location; record: BuildRecord | null }> {
  const key = buildKey();
  const name = `bench_pull_${sizeLabel(SIZE)}_${key}`;
  if (backend === 'sqlite') {
    const root = path.join(ROOT, 'bench/out/pull');
    mkdirSync(root, { recursive: true });
    const dir = path.join(root, `sqlite_${sizeLabel(SIZE)}_${key}`);
    const location: Location = { env: { DATA_DIR: dir }, store: { dataDir: dir }, label: path.relative(ROOT, dir) };
    const ready = path.join(dir, 'ready');
    if (existsSync(ready) && !REBUILD) return { location, record: JSON.parse(readFileSync(ready, 'utf8')) as BuildRecord };
    for (const old of readdirSync(root)) {
      if (old.startsWith(`sqlite_${sizeLabel(SIZE)}_`)) rmSync(path.join(root, old), { recursive: true, force: true });
    }
    const wip = `${dir}_wip`;
    rmSync(wip, { recursive: true, force: true });
    const service = await build({ env: { DATA_DIR: wip }, store: { dataDir: wip }, label: wip });
    renameSync(wip, dir);
    const record: BuildRecord = { key, service, load: load() };
    writeFileSync(ready, `${JSON.stringify({ ...BUILD, ...record }, null, 2)}\n`);
    return { location, record };
  }
  const location = pgLocation(name);
  const existing = await databasesLike(new RegExp(`^bench_pull_${sizeLabel(SIZE)}_[0-9a-f]{12}(_wip)?$`));
  if (existing.includes(name) && !REBUILD) return { location, record: await readRecord(name) };
  const wip = `${name}_wip`;
  await withAdmin(async (c) => {
    for (const old of existing) await c.query(`drop database if exists ${old} with (force)`);
    await c.query(`create database ${wip}`);
  });
  const service = await build(pgLocation(wip));
  // What autovacuum would have done by the time anyone pulls: visibility map and planner statistics.
  await withAdmin(async (c) => c.query('vacuum (analyze)'), pgUrl(wip));
  await withAdmin(async (c) => c.query(`alter database ${wip} rename to ${name}`));
  const record: BuildRecord = { key, service, load: load() };
  await writeRecord(name, record);
  return { location, record };
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

/** The bulk history (at HISTORY_SCHEMA), built when missing. */
async function ensureHistory(): Promise<{ name: string; record: BuildRecord | null }> {
  const key = historyKey();
  const name = `bench_pull_${sizeLabel(SIZE)}_h_${key}`;
  const existing = await databasesLike(new RegExp(`^bench_pull_${sizeLabel(SIZE)}_h_[0-9a-f]{12}(_wip)?$`));
  if (existing.includes(name) && !REBUILD) return { name, record: await readRecord(name) };
  const wip = `${name}_wip`;
  await withAdmin(async (c) => {
    for (const old of existing) await c.query(`drop database if exists ${old} with (force)`);
    await c.query(`create database ${wip}`);
  });
  log(`building ${wip}: a campaign of ${SIZE} work orders and ${TECHNICIANS} technicians at ${HISTORY_SCHEMA}; load ${load()}…`);
  await migrateUpTo(pgUrl(wip), HISTORY_SCHEMA);
  const report = await writeCampaign(pgUrl(wip), CAMPAIGN, log);
  await withAdmin(async (c) => c.query(`alter database ${wip} rename to ${name}`));
  const disk = await diskSize(name);
  const record: BuildRecord = { key, campaign: { ...report, disk }, load: load() };
  await writeRecord(name, record);
  log(`built ${name} in ${report.seconds.total.toFixed(0)} s: ${gib(disk.database)}; load ${record.load}`);
  return { name, record };
}

/** The bulk history brought to the current schema (the history database is renamed, not copied), built when missing. */
async function ensureCurrent(): Promise<{ location: Location; record: BuildRecord | null }> {
  const key = currentKey();
  const name = `bench_pull_${sizeLabel(SIZE)}_c_${key}`;
  const existing = await databasesLike(new RegExp(`^bench_pull_${sizeLabel(SIZE)}_c_[0-9a-f]{12}(_wip)?$`));
  if (existing.includes(name) && !REBUILD) return { location: pgLocation(name), record: await readRecord(name) };
  const history = await ensureHistory();
  const wip = `${name}_wip`;
  await withAdmin(async (c) => {
    for (const old of existing) await c.query(`drop database if exists ${old} with (force)`);
    await c.query(`alter database ${history.name} rename to ${wip}`);
  });
  log(`migrating ${history.name} to the current schema as ${wip}; load ${load()}…`);
  const started = performance.now();
  const store = await createStore({ databaseUrl: pgUrl(wip) });
  let seconds: number;
  let compaction: { seconds: number; removed: number };
  try {
    const { applied } = await store.migrate();
    seconds = (performance.now() - started) / 1000;
    log(`  applied ${applied.join(', ') || 'nothing'} (${seconds.toFixed(0)} s); compacting the feed's old revokes…`);
    // Done here rather than by the server a minute after it starts, so it is not measured with the pulls.
    const compactionStarted = performance.now();
    const removed = await createFeedCompaction(store, systemClock, { revokeDays: PULL_REVOKE_DAYS }).compactOnce();
    compaction = { seconds: (performance.now() - compactionStarted) / 1000, removed };
  } finally {
    await store.close();
  }
  const vacuumStarted = performance.now();
  await withAdmin(async (c) => c.query('vacuum (analyze)'), pgUrl(wip));
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  await withAdmin(async (c) => c.query(`alter database ${wip} rename to ${name}`));
  const disk = await diskSize(name);
  const record: BuildRecord = { ...(history.record ?? { key, load: load() }), key, migrated: { seconds, compaction, vacuumSeconds, disk } };
  await writeRecord(name, record);
  log(
    `  migrated in ${seconds.toFixed(0)} s, ${compaction.removed} old revokes compacted in ${compaction.seconds.toFixed(0)} s ` +
      `(vacuum ${vacuumSeconds.toFixed(0)} s): ${gib(disk.database)}`,
  );
  return { location: pgLocation(name), record };
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
  cursor: string;
  /** Every change of the run, for the checks. */
  pulled: PullResponse['changes'];
}

/** A signed-in user's side of the connection. */
interface Session {
  agent: http.Agent;
  port: number;
  cookie: string;
}

/**
 * Pulls as src/sync/pull.ts does: pages of the client's size with the device report, from `cursor` (none: a full
 * pull with a new client id) until `hasMore` is false.
 */
async function pull(session: Session, acceptEncoding: string, from?: { clientId: string; cursor: string | null }): Promise<PullRun> {
  const clientId = from?.clientId ?? randomUUID();
  const started = performance.now();
  let cursor: string | null = from?.cursor ?? null;
  const run: PullRun = { ms: 0, pages: 0, changes: 0, wireBytes: 0, jsonBytes: 0, encoding: '', cursor: '', pulled: [] };
  for (;;) {
    const query = new URLSearchParams({ clientId, limit: String(PAGE_LIMIT) });
    if (cursor !== null) query.set('cursor', cursor);
    query.set('pendingRecords', '0');
    query.set('pendingPhotos', '0');
    const answer = await request(session.agent, session.port, 'GET', `/api/v1/sync/pull?${query.toString()}`, {
      cookie: session.cookie,
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
  run.cursor = cursor;
  return run;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

interface Distribution {
  runs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { runs: sorted.length, p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
}

/** A full pull's shape and times. */
interface FullPullResult extends Distribution {
  username: string;
  owned: number;
  feedRows: number;
  pages: number;
  changes: number;
  encoding: string;
  wireBytes: number;
  jsonBytes: number;
}

interface TargetResult {
  backend: Backend;
  /** Which code answered: this checkout, or the one measured before it. */
  code: 'current' | 'before';
  database: string;
  workOrders: number;
  changeRows: number;
  record: BuildRecord | null;
  full: FullPullResult;
  /** The same full pull without compression. */
  identityP50: number;
  identityWireBytes: number;
  typical: FullPullResult | null;
  /** A pull with the cursor of the previous one, after five changes of the technician's work. */
  incremental: Distribution & { changes: number };
  /** A pull with nothing new. */
  inSync: Distribution;
  /** An authenticated no-op (GET /auth/me) in the same run: the floor this machine gives any request now. */
  noopP50: number;
  noopP99: number;
  /** Load average while it was measured. */
  load: string;
}

/** One signed-in technician to pull for, and what the database gives them. */
interface Puller {
  username: string;
  id: string;
  session: Session;
  /** Their orders in the database: id → version. */
  owned: Map<string, number>;
  feedRows: number;
}

/** A backend ready to measure: its database, its server process, the signed-in people. */
interface Target {
  backend: Backend;
  code: 'current' | 'before';
  location: Location;
  record: BuildRecord | null;
  workOrders: number;
  changeRows: number;
  server: ServerProcess;
  agent: http.Agent;
  measured: Puller;
  typical: Puller | null;
  admin: Session;
  colleagueId: string;
  /** The measured technician's open orders the incremental pull's changes move and re-plan, and their planned day. */
  work: { moved: string[]; replanned: string[]; plannedDate: string };
  runs: PullRun[];
  identity: PullRun[];
  typicalRuns: PullRun[];
  incremental: PullRun[];
  inSync: PullRun[];
  noop: number[];
}

async function login(agent: http.Agent, port: number, username: string): Promise<Session> {
  const answer = await request(
    agent,
    port,
    'POST',
    '/api/v1/auth/login',
    { 'content-type': 'application/json' },
    JSON.stringify({ username, password: DEMO_PASSWORD }),
  );
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status}`);
  return { agent, port, cookie: (answer.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '' };
}

/** The technician's orders as the database holds them (id → version): what a full pull must leave on the phone. */
async function ownedBy(store: Store, technicianId: string): Promise<Map<string, number>> {
  const owned = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = await store.workOrders.list({ teamId: null, assigneeId: technicianId }, after, 5000);
    for (const wo of page) owned.set(wo.id, wo.version);
    after = page.at(-1)?.code;
    if (page.length < 5000) return owned;
  }
}

/** What a run of pulls leaves on a phone that started with `from` (id → version), as src/local/applyPull.ts applies it. */
function apply(from: ReadonlyMap<string, number>, changes: PullResponse['changes']): Map<string, number> {
  const held = new Map(from);
  for (const c of changes) {
    if (c.entity !== 'workOrder') continue;
    if (c.op === 'revoke') held.delete(c.id);
    else if ((held.get(c.id) ?? -1) <= c.version) held.set(c.id, c.version);
  }
  return held;
}

function sameHoldings(held: ReadonlyMap<string, number>, owned: ReadonlyMap<string, number>, what: string): void {
  const wrong = [...owned].filter(([id, version]) => held.get(id) !== version).length + [...held.keys()].filter((id) => !owned.has(id)).length;
  if (wrong > 0) throw new Error(`${what}: the phone holds ${held.size} orders, the database gives ${owned.size}; ${wrong} differ`);
}

async function prepare(backend: Backend, code: 'current' | 'before', location: Location, record: BuildRecord | null, port?: number): Promise<Target> {
  // The database as it is: counted from the store, not from what the build meant to write.
  const store = await createStore(location.store);
  let workOrders: number;
  let changeRows: number;
  let people: { measured: UserRecord; colleague: UserRecord; typical: UserRecord | null };
  let work: Target['work'];
  const owned = new Map<string, Map<string, number>>();
  const feedRows = new Map<string, number>();
  try {
    workOrders = await store.workOrders.count();
    changeRows = await store.changes.count();
    const measured = await store.users.findByUsername(MEASURED);
    const colleague = await store.users.findByUsername(COLLEAGUE);
    if (!measured || !colleague) throw new Error('the demo accounts are missing');
    const typical = (await store.users.listAll())
      .filter((u) => u.username.startsWith('bench_'))
      .sort((a, b) => a.username.localeCompare(b.username))[0];
    const typicalUser = typical === undefined ? null : ((await store.users.findById(typical.id)) ?? null);
    people = { measured, colleague, typical: typicalUser };
    // The demo's day: assigned this morning, so open on every database (and its five first stay so between runs).
    const open = await store.workOrders.list({ teamId: null, assigneeId: measured.id, status: ['assigned'] }, undefined, 5);
    const plannedDate = open[3]?.plannedDate;
    if (open.length < 5 || plannedDate === undefined || plannedDate === null) throw new Error(`${MEASURED} has fewer than five open orders`);
    work = { moved: open.slice(0, 3).map((wo) => wo.id), replanned: open.slice(3, 5).map((wo) => wo.id), plannedDate };
    for (const user of [measured, typicalUser]) {
      if (user === null) continue;
      owned.set(user.id, await ownedBy(store, user.id));
      feedRows.set(user.id, await store.changes.count(user.id));
    }
  } finally {
    await store.close();
  }
  log(
    `${backend} (${code} code): ${location.label}: ${workOrders} work orders, ${changeRows} change rows ` +
      `(${feedRows.get(people.measured.id)} for ${MEASURED}, who owns ${owned.get(people.measured.id)?.size})`,
  );

  const server = await startServerProcess(
    { DATABASE_URL: undefined, ...location.env, DEMO: '0' },
    {
      output: SERVER_LOG === undefined ? 'keep' : { logFile: SERVER_LOG },
      // The first start of the current code on the history database migrates it (the bench has done it already).
      timeoutMs: 30 * 60_000,
      ...(port === undefined ? {} : { port }),
      ...(code === 'before' && BEFORE_SERVER !== undefined ? { main: path.resolve(BEFORE_SERVER) } : {}),
    },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const puller = async (user: UserRecord): Promise<Puller> => ({
      username: user.username,
      id: user.id,
      session: await login(agent, server.port, user.username),
      owned: owned.get(user.id) ?? new Map<string, number>(),
      feedRows: feedRows.get(user.id) ?? 0,
    });
    const target: Target = {
      backend,
      code,
      location,
      record,
      workOrders,
      changeRows,
      server,
      agent,
      measured: await puller(people.measured),
      typical: people.typical === null ? null : await puller(people.typical),
      admin: await login(agent, server.port, 'admin'),
      colleagueId: people.colleague.id,
      work,
      runs: [],
      identity: [],
      typicalRuns: [],
      incremental: [],
      inSync: [],
      noop: [],
    };
    // The pull must be what the phone gets: exactly the technician's orders, checked with the API's schema.
    for (const p of [target.measured, target.typical]) {
      if (p === null) continue;
      const first = await pull(p.session, ACCEPT_ENCODING);
      sameHoldings(apply(new Map(), PullResponse.shape.changes.parse(first.pulled)), p.owned, `${p.username}'s full pull`);
    }
    return target;
  } catch (error) {
    agent.destroy();
    await server.stop();
    throw error;
  }
}

async function stop(target: Target): Promise<void> {
  target.agent.destroy();
  await target.server.stop();
}

async function noop(target: Target): Promise<number> {
  const started = performance.now();
  const answer = await request(target.agent, target.server.port, 'GET', '/api/v1/auth/me', {
    cookie: target.measured.session.cookie,
    accept: '*/*',
    'accept-encoding': ACCEPT_ENCODING,
  });
  if (answer.status !== 200) throw new Error(`me: ${answer.status}`);
  return performance.now() - started;
}

/** Five changes of the measured technician's work, as the console makes them: three orders moved away (or back), two re-planned. */
async function changeWork(target: Target, round: number): Promise<void> {
  const { moved, replanned, plannedDate } = target.work;
  const assign = async (body: object) => {
    const answer = await request(
      target.agent,
      target.server.port,
      'POST',
      '/api/v1/assignments',
      { cookie: target.admin.cookie, 'content-type': 'application/json', accept: 'application/json' },
      JSON.stringify(body),
    );
    if (answer.status !== 200) throw new Error(`assign: ${answer.status} ${answer.body.toString()}`);
  };
  // Every round changes both: the orders alternate between the two technicians, the date between two days.
  const otherDay = isoDayInVietnam(new Date(new Date(`${plannedDate}T12:00:00+07:00`).getTime() + 86_400_000));
  await assign({ workOrderIds: moved, technicianId: round % 2 === 0 ? target.colleagueId : target.measured.id });
  await assign({ workOrderIds: replanned, technicianId: target.measured.id, plannedDate: round % 2 === 0 ? otherDay : plannedDate });
}

/**
 * The targets side by side: each round runs one pull on every target (the order alternating), so what else the
 * machine is doing meanwhile weighs on all of them alike.
 */
async function measure(targets: readonly Target[]): Promise<void> {
  const rounds = async (n: number, each: (t: Target, round: number) => Promise<void>) => {
    for (let i = 0; i < n; i++) for (const t of i % 2 === 0 ? targets : [...targets].reverse()) await each(t, i);
  };
  await rounds(WARMUP, async (t) => {
    await pull(t.measured.session, ACCEPT_ENCODING);
  });
  await rounds(RUNS, async (t) => {
    t.runs.push(await pull(t.measured.session, ACCEPT_ENCODING));
    t.noop.push(await noop(t));
  });
  // Beside it, the same pull without compression: what encoding costs (and saves) on this machine.
  await rounds(SIDE_RUNS, async (t) => {
    t.identity.push(await pull(t.measured.session, 'identity'));
  });
  // A typical technician of the build: what a full pull costs for what a campaign gives everyone.
  await rounds(SIDE_RUNS, async (t) => {
    if (t.typical !== null) t.typicalRuns.push(await pull(t.typical.session, ACCEPT_ENCODING));
  });
  // Incremental: the measured technician's device, in sync, pulls after five changes of its work.
  const devices = new Map<Target, { clientId: string; cursor: string; held: Map<string, number> }>();
  for (const t of targets) {
    const clientId = randomUUID();
    const run = await pull(t.measured.session, ACCEPT_ENCODING, { clientId, cursor: null });
    devices.set(t, { clientId, cursor: run.cursor, held: apply(new Map(), run.pulled) });
  }
  await rounds(WARMUP + RUNS, async (t, round) => {
    const device = devices.get(t);
    if (!device) return;
    await changeWork(t, round);
    const incremental = await pull(t.measured.session, ACCEPT_ENCODING, { clientId: device.clientId, cursor: device.cursor });
    const inSync = await pull(t.measured.session, ACCEPT_ENCODING, { clientId: device.clientId, cursor: incremental.cursor });
    device.cursor = inSync.cursor;
    device.held = apply(device.held, incremental.pulled);
    if (round === 0 && (incremental.changes !== 5 || inSync.changes !== 0)) {
      throw new Error(`the incremental pull brought ${incremental.changes} changes (5 expected), the next one ${inSync.changes}`);
    }
    if (round >= WARMUP) {
      t.incremental.push(incremental);
      t.inSync.push(inSync);
    }
  });
  // The device that pulled only increments holds what the database gives the technician now.
  for (const t of targets) {
    const device = devices.get(t);
    const store = await createStore(t.location.store);
    try {
      if (device) sameHoldings(device.held, await ownedBy(store, t.measured.id), `${MEASURED}'s device after ${RUNS + WARMUP} incremental pulls`);
    } finally {
      await store.close();
    }
  }
}

function fullResult(puller: Puller, runs: readonly PullRun[]): FullPullResult {
  const last = runs.at(-1);
  if (!last) throw new Error('no runs');
  return {
    username: puller.username,
    owned: puller.owned.size,
    feedRows: puller.feedRows,
    ...distribution(runs.map((r) => r.ms)),
    pages: last.pages,
    changes: last.changes,
    encoding: last.encoding,
    wireBytes: last.wireBytes,
    jsonBytes: last.jsonBytes,
  };
}

function summarise(t: Target): TargetResult {
  const incremental = distribution(t.incremental.map((r) => r.ms));
  return {
    backend: t.backend,
    code: t.code,
    database: t.location.label,
    workOrders: t.workOrders,
    changeRows: t.changeRows,
    record: t.record,
    full: fullResult(t.measured, t.runs),
    identityP50: distribution(t.identity.map((r) => r.ms)).p50,
    identityWireBytes: t.identity.at(-1)?.wireBytes ?? 0,
    typical: t.typical === null || t.typicalRuns.length === 0 ? null : fullResult(t.typical, t.typicalRuns),
    incremental: { ...incremental, changes: t.incremental.at(-1)?.changes ?? 0 },
    inSync: distribution(t.inSync.map((r) => r.ms)),
    ...(() => {
      const noops = distribution(t.noop);
      return { noopP50: noops.p50, noopP99: noops.p99 };
    })(),
    load: load(),
  };
}

async function measureAlone(prepared: () => Promise<Target>): Promise<TargetResult> {
  const target = await prepared();
  try {
    await measure([target]);
    return summarise(target);
  } finally {
    await stop(target);
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(SIZE) || SIZE < 1000 || !Number.isInteger(RUNS) || RUNS < 1) throw new Error('usage: --size N (≥ 1000) --runs N');
  if (GENERATOR !== 'service' && GENERATOR !== 'bulk') throw new Error('usage: --generator service|bulk');
  const results: TargetResult[] = [];
  if (GENERATOR === 'bulk') {
    if (BACKEND === 'sqlite') throw new Error('the bulk generator writes PostgreSQL only');
    if (BUILD_ONLY) {
      await ensureHistory();
      return;
    }
    if (BEFORE_SERVER !== undefined) {
      const history = await ensureHistory();
      log(`measuring the code of ${BEFORE_SERVER} on ${history.name}; load ${load()}`);
      results.push(
        await measureAlone(() => prepare('postgres', 'before', pgLocation(history.name), history.record, PORT === undefined ? undefined : PORT + 1)),
      );
    }
    const current = await ensureCurrent();
    log(`measuring this code on ${current.location.label}; load ${load()}`);
    results.push(await measureAlone(() => prepare('postgres', 'current', current.location, current.record, PORT)));
  } else {
    const backends: Backend[] = BACKEND === 'both' ? ['sqlite', 'postgres'] : [BACKEND as Backend];
    const targets: Target[] = [];
    try {
      // Built one after the other (each takes minutes), measured together.
      for (const [i, backend] of backends.entries()) {
        const { location, record } = await ensureServiceDatabase(backend);
        if (BUILD_ONLY) continue;
        targets.push(await prepare(backend, 'current', location, record, PORT === undefined ? undefined : PORT + i));
      }
      if (BUILD_ONLY) return;
      await measure(targets);
      results.push(...targets.map(summarise));
    } finally {
      for (const t of targets) await stop(t);
    }
  }
  report(results);
}

function report(results: readonly TargetResult[]): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  for (const r of results) {
    const f = r.full;
    log(
      `${r.backend}, ${r.code} code (load ${r.load}): ${f.username} owns ${f.owned} orders (${f.feedRows} feed rows): full pull of ${f.changes} changes in ${f.pages} pages, ` +
        `${f.runs} runs: p50 ${ms(f.p50)}, p90 ${ms(f.p90)}, p99 ${ms(f.p99)}, max ${ms(f.max)}; ` +
        `${(f.wireBytes / 1024).toFixed(1)} KB on the wire (${f.encoding}) for ${(f.jsonBytes / 1024).toFixed(1)} KB of JSON; uncompressed p50 ${ms(r.identityP50)}; ` +
        `incremental (${r.incremental.changes} changes) p50 ${ms(r.incremental.p50)}, p99 ${ms(r.incremental.p99)}; in sync p50 ${ms(r.inSync.p50)}, p99 ${ms(r.inSync.p99)}; ` +
        `no-op GET /auth/me p50 ${ms(r.noopP50)}, p99 ${ms(r.noopP99)}`,
    );
    if (r.typical) {
      const t = r.typical;
      log(
        `  ${t.username} owns ${t.owned} orders (${t.feedRows} feed rows): full pull of ${t.changes} changes in ${t.pages} pages: p50 ${ms(t.p50)}, p99 ${ms(t.p99)}`,
      );
    }
    const campaign = r.record?.campaign;
    if (campaign) {
      log(
        `  generated in ${campaign.seconds.total.toFixed(0)} s (rows ${campaign.seconds.load.toFixed(0)} s, indexes ${campaign.seconds.indexes.toFixed(0)} s, ` +
          `vacuum ${campaign.seconds.vacuum.toFixed(0)} s) under load ${r.record?.load}: ${gib(campaign.disk.database)} ` +
          `(${Object.entries(campaign.disk.tables)
            .map(([table, bytes]) => `${table} ${gib(bytes)}`)
            .join(', ')})`,
      );
    }
    const migrated = r.record?.migrated;
    if (migrated) {
      log(
        `  brought to the current schema in ${migrated.seconds.toFixed(0)} s, ${migrated.compaction.removed} old revokes compacted in ` +
          `${migrated.compaction.seconds.toFixed(0)} s (vacuum ${migrated.vacuumSeconds.toFixed(0)} s): ${gib(migrated.disk.database)} ` +
          `(${Object.entries(migrated.disk.tables)
            .map(([table, bytes]) => `${table} ${gib(bytes)}`)
            .join(', ')})`,
      );
    }
  }
  const label = sizeLabel(SIZE);
  const name = (r: TargetResult) => `${r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}${r.code === 'before' ? ', before' : ''}`;
  const budget = (max: number | null, r: TargetResult) => (max === null || r.code === 'before' ? null : { max });
  const figures: Figure[] = results.flatMap((r) => [
    figure(`pull: full pull p50, ${r.full.owned} orders in ${label} (${name(r)})`, r.full.p50, 'ms'),
    figure(`pull: full pull p99, ${r.full.owned} orders in ${label} (${name(r)})`, r.full.p99, 'ms', budget(FULL_BUDGET_P99_MS, r)),
    figure(
      `pull: incremental pull p99, ${r.incremental.changes} changes in ${label} (${name(r)})`,
      r.incremental.p99,
      'ms',
      budget(INCREMENTAL_BUDGET_P99_MS, r),
    ),
    figure(`pull: pull in sync p99 in ${label} (${name(r)})`, r.inSync.p99, 'ms'),
    ...(r.typical
      ? [figure(`pull: full pull p99, ${r.typical.owned} orders (a typical technician) in ${label} (${name(r)})`, r.typical.p99, 'ms')]
      : []),
  ]);
  const [first] = results;
  if (first) figures.push(figure(`pull: bytes on the wire per full pull (${first.full.encoding})`, first.full.wireBytes, 'B'));
  const sqlite = results.find((r) => r.backend === 'sqlite');
  const postgres = results.find((r) => r.backend === 'postgres' && r.code === 'current');
  if (sqlite && postgres) figures.push(figure('pull: p99 PostgreSQL ÷ SQLite', postgres.full.p99 / sqlite.full.p99, 'ratio'));
  const record = postgres?.record;
  if (record?.campaign) {
    figures.push(figure(`pull: generating ${label} (bulk)`, record.campaign.seconds.total, 's'));
    figures.push(figure(`pull: database size, ${label} with its history`, record.campaign.disk.database / 2 ** 30, 'GiB'));
  }
  if (record?.migrated) {
    figures.push(figure(`pull: migrating ${label} to the current schema`, record.migrated.seconds, 's'));
    figures.push(figure(`pull: database size, ${label} at the current schema`, record.migrated.disk.database / 2 ** 30, 'GiB'));
  }
  log(`\n${formatTable(figures)}`);
  const bench = SIZE === 1_000_000 ? 'pull' : `pull-${label}`;
  writeFigures(bench, figures);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    path.join(RESULTS_DIR, `${bench}.json`),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), size: SIZE, technicians: TECHNICIANS, generator: GENERATOR, acceptEncoding: ACCEPT_ENCODING, pageSize: PAGE_LIMIT, results }, null, 2)}\n`,
  );
}

await main();
