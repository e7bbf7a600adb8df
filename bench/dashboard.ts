/**
 * Dashboard queries on a large team: seeds 100,000 work orders (the demo generator) into a fresh SQLite file and
 * a fresh PostgreSQL schema, adds a realistic month of field work straight into the tables (65 % assigned over 30
 * days, ~36 % of all orders swapped with their payloads, failed visits, photos awaited, cashless answers, device reports), then
 * times the progress report for each groupBy (whole history and a 7-day period) and the sync-backlog report
 * through the real service, as an admin (both teams) and as supervisor1 (one team). Median of RUNS runs.
 *
 *   npm run bench:dashboard -- [--size 100000] [--runs 7] [--backend sqlite|postgres|both] [--sqlite-dir DIR] [--pg-schema NAME]
 *
 * Writes bench/results/dashboard.json.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Me } from '../src/domain/users/auth';
import type { ProgressQuery } from '../src/domain/console/reports';
import { seedDemo } from '../server/demo/seed';
import type { AuthContext } from '../server/services/authService';
import { createExportService } from '../server/services/exportService';
import { createReportService } from '../server/services/reportService';
import { createMemoryBlobStore } from '../server/blobs/memoryBlobStore';
import { connect } from '../server/store/connect';
import type { Database } from '../server/store/schema';
import { createStore, type Store } from '../server/store/store';
import { dropScratchSchema } from './lib/scratchSchema';

const { values } = parseArgs({
  options: {
    size: { type: 'string' },
    runs: { type: 'string' },
    backend: { type: 'string' },
    'sqlite-dir': { type: 'string' },
    'pg-schema': { type: 'string' },
  },
  strict: true,
});
const SIZE = Number(values.size ?? 100_000);
const RUNS = Number(values.runs ?? 7);
const BACKEND = values.backend ?? 'both';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TODAY = '2026-11-24';
const NOW = new Date('2026-11-24T10:00:00.000Z');
const DAYS = 30;
/** Rows per bulk statement: under PostgreSQL's 65,535 bind parameters for the widest table. */
const CHUNK = 1000;

/** mulberry32: a small deterministic PRNG, so both databases get the same field work. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayBefore = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const hex = (rand: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid = (rand: () => number) => `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-8${hex(rand, 3)}-${hex(rand, 12)}`;
const METHODS = ['auto_debit', 'collection_order', 'internet_banking', 'mobile_banking', 'e_wallet', 'utility_app'];

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** A month of field work on the seeded orders, written with bulk statements (the push path has its own bench). */
async function addFieldWork(db: Kysely<Database>): Promise<Record<string, number>> {
  const rand = prng(7);
  const orders = await db.selectFrom('work_orders').select(['id', 'team_id', 'lat', 'lng', 'old_meter_serial']).orderBy('code').execute();
  const techs = await db.selectFrom('users').select(['id', 'team_id']).where('role', '=', 'technician').execute();
  const byTeam = new Map<string, string[]>();
  for (const t of techs) byTeam.set(t.team_id ?? '', [...(byTeam.get(t.team_id ?? '') ?? []), t.id]);
  const updates: [string, string, string, string][] = [];
  const completions: Insertable<Database['completions']>[] = [];
  const visits: Insertable<Database['visits']>[] = [];
  for (const wo of orders) {
    if (rand() > 0.65) continue;
    const team = byTeam.get(wo.team_id ?? '') ?? [];
    const tech = team[Math.floor(rand() * team.length)] ?? '';
    const day = dayBefore(Math.floor(rand() * DAYS));
    const at = (hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:15:00+07:00`).toISOString();
    // 55 % swapped (15 % of them after a failed visit), 10 % failed only, the rest still to visit.
    const fate = rand();
    if (fate < 0.65 && (fate >= 0.55 || rand() < 0.15)) {
      const reason = `KV${String(1 + Math.floor(rand() * 11)).padStart(2, '0')}`;
      const id = uuid(rand);
      visits.push({
        id,
        work_order_id: wo.id,
        technician_id: tech,
        reason,
        note: 'Khách hàng vắng nhà',
        gps: null,
        at: at(8),
        received_at: at(9),
        payload: JSON.stringify({ visitId: id, workOrderId: wo.id, reason, note: '', photoIds: [], at: at(8) }),
      });
    }
    if (fate < 0.55) {
      const status = rand() < 0.7 ? 'approved' : rand() < 0.7 ? 'completed' : rand() < 0.5 ? 'returned' : 'needs_review';
      const cash = rand() < 0.8;
      const current = cash ? 'cash' : (METHODS[Math.floor(rand() * METHODS.length)] ?? 'e_wallet');
      const enrolled = cash && rand() < 0.4 ? METHODS[Math.floor(rand() * METHODS.length)] : undefined;
      const id = uuid(rand);
      const payload = {
        completionId: id,
        workOrderId: wo.id,
        baseVersion: 2,
        removed: {
          serial: wo.old_meter_serial,
          serialMatches: true,
          readings: { total: 12345.6 },
          sealCondition: 'intact',
          photoIds: [hex(rand, 64), hex(rand, 64)],
        },
        installed: {
          serial: `DT${hex(rand, 10).toUpperCase()}`,
          model: 'DDS26D-RF',
          readings: { total: 0.3 },
          seals: [{ code: `TC-${hex(rand, 6)}`, beads: 2 }],
          photoIds: [hex(rand, 64), hex(rand, 64)],
        },
        gps: { lat: wo.lat, lng: wo.lng, accuracyM: 8, at: at(15) },
        handover: {
          signerName: 'Nguyễn Thị Hằng',
          signerRole: 'customer',
          signaturePhotoId: hex(rand, 64),
          cashless: { currentMethod: current, ...(enrolled ? { enrolledMethod: enrolled } : {}), consent: enrolled !== undefined && rand() < 0.9 },
        },
        completedAt: at(15),
      };
      completions.push({
        id,
        work_order_id: wo.id,
        technician_id: tech,
        client_id: tech,
        is_primary: 1,
        payload: JSON.stringify(payload),
        media_status: rand() < 0.05 ? 'partial' : 'complete',
        received_at: at(17),
        captured_at: at(15),
        flags: '[]',
        installed_serial: payload.installed.serial,
      });
      updates.push([wo.id, status, tech, day]);
    } else {
      updates.push([wo.id, fate < 0.65 ? 'failed_visit' : rand() < 0.5 ? 'assigned' : 'in_progress', tech, day]);
    }
  }
  for (const part of chunks(updates)) {
    const rows = sql.join(part.map(([id, status, tech, day]) => sql`(${id}, ${status}, ${tech}, ${day})`));
    await sql`update work_orders set status = v.column2, assignee_id = v.column3, planned_date = v.column4
      from (values ${rows}) as v where work_orders.id = v.column1`.execute(db);
  }
  for (const part of chunks(completions)) await db.insertInto('completions').values(part).execute();
  for (const part of chunks(visits)) await db.insertInto('visits').values(part).execute();
  // One device per technician, each with a report.
  const clients = techs.map((t, i) => ({
    client_id: uuid(rand),
    user_id: t.id,
    last_seq: 10 * i,
    created_at: NOW.toISOString(),
    last_seen_at: NOW.toISOString(),
    pending_records: i,
    pending_photos: 3 * i,
    oldest_pending_at: i === 0 ? null : NOW.toISOString(),
    reported_at: NOW.toISOString(),
  }));
  await db.insertInto('sync_clients').values(clients).execute();
  await sql`analyze`.execute(db);
  return { workOrders: orders.length, assigned: updates.length, completions: completions.length, failedVisits: visits.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median and fastest of RUNS runs (ms): on a shared machine the fastest run is the one least disturbed. */
async function time(fn: () => Promise<unknown>): Promise<{ median: number; min: number }> {
  await fn(); // warm-up: plans and pages cached, as on a dashboard refreshed by a person
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { median: round(median(samples)), min: round(Math.min(...samples)) };
}

async function measure(store: Store): Promise<Record<string, { median: number; min: number }>> {
  const reports = createReportService(store, { now: () => NOW });
  const users = await store.users.findByUsernames(['admin', 'supervisor1']);
  const as = (username: string): AuthContext => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`no ${username}`);
    const me: Me = { id: u.id, username: u.username, displayName: u.displayName, role: u.role, teamId: u.teamId, teamName: u.teamName };
    return { sessionId: 'bench', user: me };
  };
  const results: Record<string, { median: number; min: number }> = {};
  for (const who of ['admin', 'supervisor1']) {
    for (const groupBy of ['commune', 'technician', 'day'] as const) {
      for (const [period, range] of [
        ['all', {}],
        ['7days', { from: dayBefore(6), to: TODAY }],
      ] as const) {
        const query: ProgressQuery = { groupBy, ...range };
        results[`progress.${groupBy}.${period}.${who}_ms`] = await time(async () => {
          const r = await reports.progress(as(who), query);
          if (!r.ok) throw new Error(r.error.detail);
        });
      }
    }
    results[`syncBacklog.${who}_ms`] = await time(() => reports.syncBacklog(as(who), {}));
  }
  // The CMIS export of every approved swap (admin: both teams), streamed and thrown away as it comes.
  const noPdf = {
    render: () => Promise.reject(new Error('no PDF in this bench')),
    renderLetter: () => Promise.reject(new Error('no letter in this bench')),
    close: () => Promise.resolve(),
  };
  const exports = createExportService(store, { now: () => NOW }, createMemoryBlobStore(), noPdf);
  let bytes = 0;
  results['exportCsv.all.admin_ms'] = await time(async () => {
    const csv = await exports.completionsCsv(as('admin'), {});
    if (!csv.ok) throw new Error(csv.error.detail);
    bytes = 0;
    for await (const chunk of csv.value.chunks) bytes += Buffer.byteLength(chunk);
  });
  process.stdout.write(`  export: ${bytes} bytes\n`);
  return results;
}

async function run(backend: 'sqlite' | 'postgres'): Promise<Record<string, unknown>> {
  // --sqlite-dir keeps the seeded SQLite database there (to look at query plans); otherwise a temporary one.
  const dataDir = values['sqlite-dir'] ?? mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  // --pg-schema keeps the seeded PostgreSQL schema under that name (to look at query plans); otherwise dropped.
  const schema = values['pg-schema'] ?? `bench_dash_${Date.now().toString(36)}`;
  const options = backend === 'sqlite' ? { dataDir } : { databaseUrl: PG_URL, schema };
  const store = await createStore(options);
  const raw = await connect(options);
  try {
    await store.migrate();
    const seedStart = performance.now();
    await seedDemo(store, { seed: 20251124, size: SIZE, now: NOW, today: TODAY });
    const work = await addFieldWork(raw.db);
    const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
    process.stdout.write(`${backend}: seeded ${JSON.stringify(work)} in ${seedSeconds} s\n`);
    const timings = await measure(store);
    for (const [k, v] of Object.entries(timings)) process.stdout.write(`  ${k.padEnd(44)} median ${v.median} ms, min ${v.min} ms\n`);
    return { ...work, seedSeconds, timings };
  } finally {
    await raw.db.destroy();
    await store.close();
    if (backend === 'sqlite') {
      if (values['sqlite-dir'] === undefined) rmSync(dataDir, { recursive: true, force: true });
    } else if (values['pg-schema'] === undefined) {
      await dropScratchSchema(PG_URL, schema);
    }
  }
}

// The load average says how much the machine was shared while measuring (timings scale with it on 2 cores).
const out: Record<string, unknown> = {
  size: SIZE,
  runs: RUNS,
  measuredAt: new Date().toISOString(),
  node: process.version,
  loadAverageAtStart: loadavg(),
};
for (const backend of ['sqlite', 'postgres'] as const) {
  if (BACKEND === 'both' || BACKEND === backend) out[backend] = await run(backend);
}
out.loadAverageAtEnd = loadavg();
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/dashboard.json', `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write('Wrote bench/results/dashboard.json\n');
