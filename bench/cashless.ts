/**
 * The cashless report (issue 15 §4) on a large team: seeds SIZE demo work orders (two teams, about SIZE / 2 each)
 * into a fresh SQLite file and a fresh PostgreSQL schema, marks 60 % of supervisor1's team's orders swapped over
 * the last 30 days (with the technicians' cashless answers in the payload), imports a billing file of three periods
 * for every customer of the team through the real import service, then times `GET /reports/cashless` (communes,
 * and the hamlets of the largest commune) through the real service. Median of RUNS runs.
 *
 *   npm run bench:cashless -- [--size 100000] [--runs 5] [--backend sqlite|postgres|both]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Insertable } from 'kysely';
import { seedDemo } from '../server/demo/seed';
import type { AuthContext } from '../server/services/authService';
import { createCashlessService } from '../server/services/cashlessService';
import { createPaymentMethodImport } from '../server/services/import/paymentMethodImport';
import { connect } from '../server/store/connect';
import type { Database } from '../server/store/schema';
import { createStore } from '../server/store/store';
import { dropScratchSchema } from './lib/scratchSchema';

const { values } = parseArgs({
  options: { size: { type: 'string' }, runs: { type: 'string' }, backend: { type: 'string' } },
  strict: true,
});
const SIZE = Number(values.size ?? 100_000);
const RUNS = Number(values.runs ?? 5);
const BACKEND = values.backend ?? 'both';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-11-24T10:00:00.000Z');
const TODAY = '2026-11-24';
const CHUNK = 1000;
const METHODS = ['TM', 'TM', 'TM', 'NH', 'VDT', 'APP', 'QT'];

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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function time(fn: () => Promise<unknown>): Promise<{ median: number; min: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { median: Math.round(median(samples)), min: Math.round(Math.min(...samples)) };
}

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-cashless-'));
  const schema = `bench_cashless_${Date.now().toString(36)}`;
  const options = backend === 'sqlite' ? { dataDir } : { databaseUrl: PG_URL, schema };
  const store = await createStore(options);
  const raw = await connect(options);
  try {
    await store.migrate();
    await seedDemo(store, { seed: 20251124, size: SIZE, now: NOW, today: TODAY });
    const [sup] = await store.users.findByUsernames(['supervisor1']);
    if (!sup?.teamId) throw new Error('no supervisor1');
    const auth: AuthContext = {
      sessionId: 'bench',
      user: { id: sup.id, username: sup.username, displayName: sup.displayName, role: sup.role, teamId: sup.teamId, teamName: sup.teamName },
    };
    const db = raw.db;
    const tech = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'technician')
      .where('team_id', '=', sup.teamId)
      .executeTakeFirstOrThrow();
    const orders = await db.selectFrom('work_orders').select(['id', 'customer_code']).where('team_id', '=', sup.teamId).orderBy('code').execute();
    const rand = prng(7);
    const completions: Insertable<Database['completions']>[] = [];
    for (const [i, wo] of orders.entries()) {
      if (rand() > 0.6) continue;
      const day = new Date(Date.parse(`${TODAY}T00:00:00Z`) - Math.floor(rand() * 30) * 86_400_000).toISOString().slice(0, 10);
      const at = new Date(`${day}T09:00:00+07:00`).toISOString();
      const cash = rand() < 0.8;
      const cashless = { currentMethod: cash ? 'cash' : 'e_wallet', ...(cash && rand() < 0.4 ? { enrolledMethod: 'e_wallet' } : {}), consent: true };
      completions.push({
        id: crypto.randomUUID(),
        work_order_id: wo.id,
        technician_id: tech.id,
        client_id: tech.id,
        is_primary: 1,
        payload: JSON.stringify({ handover: { cashless }, completedAt: at }),
        media_status: 'complete',
        received_at: at,
        captured_at: at,
        flags: '[]',
        installed_serial: `BC${String(i).padStart(8, '0')}`,
      });
    }
    for (let i = 0; i < completions.length; i += CHUNK)
      await db
        .insertInto('completions')
        .values(completions.slice(i, i + CHUNK))
        .execute();
    for (let i = 0; i < completions.length; i += CHUNK) {
      await db
        .updateTable('work_orders')
        .set({ status: 'approved' })
        .where(
          'id',
          'in',
          completions.slice(i, i + CHUNK).map((c) => c.work_order_id),
        )
        .execute();
    }
    // The billing file: three periods for every customer of the team (two before the visits, one after).
    const lines = ['MA_KHANG;KY_HD;HINH_THUC_TT'];
    for (const wo of orders)
      for (const period of ['2026-09', '2026-10', '2026-12'])
        lines.push(`${wo.customer_code};${period};${METHODS[Math.floor(rand() * METHODS.length)]}`);
    const body = Buffer.from(`${lines.join('\r\n')}\r\n`);
    const imports = createPaymentMethodImport(store, { now: () => NOW });
    const start = performance.now();
    const imported = await imports.importCsv(auth, {
      teamId: undefined,
      dryRun: false,
      contentType: 'text/csv',
      contentLength: String(body.length),
      // eslint-disable-next-line @typescript-eslint/require-await -- an in-memory body, as a request stream would give it
      body: (async function* () {
        for (let i = 0; i < body.length; i += 64 * 1024) yield body.subarray(i, i + 64 * 1024);
      })(),
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const importMs = Math.round(performance.now() - start);
    const reports = createCashlessService(store);
    const communes = await reports.report(auth, {});
    if (!communes.ok) throw new Error('report');
    const largest = [...communes.value.rows].sort((a, b) => b.visited - a.visited)[0]?.key ?? '';
    const byCommune = await time(() => reports.report(auth, {}));
    const byHamlet = await time(() => reports.report(auth, { commune: largest }));
    process.stdout.write(
      `${backend}: team orders ${orders.length}, visited ${completions.length}, billing rows ${lines.length - 1} (${(body.length / 1e6).toFixed(1)} MB) imported in ${importMs} ms; ` +
        `report by commune (${communes.value.rows.length} communes) median ${byCommune.median} ms (min ${byCommune.min}); ` +
        `hamlets of ${largest} (${communes.value.rows.find((r) => r.key === largest)?.visited} visited) median ${byHamlet.median} ms (min ${byHamlet.min}); load ${loadavg()[0]?.toFixed(2)}\n`,
    );
  } finally {
    await raw.db.destroy();
    await store.close();
    if (backend === 'sqlite') rmSync(dataDir, { recursive: true, force: true });
    else {
      await dropScratchSchema(PG_URL, schema);
    }
  }
}

for (const backend of ['sqlite', 'postgres'] as const) if (BACKEND === 'both' || BACKEND === backend) await run(backend);
