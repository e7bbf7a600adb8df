/**
 * The head-end's readings (issue 17) at campaign scale: seeds SIZE demo work orders into a fresh SQLite file and/or a
 * fresh PostgreSQL schema, marks INSTALLED of them swapped (primary completions awaiting their first reading), then
 * sends one 61968-9 MeterReadings message of READINGS readings through the real service (token check, streaming XML
 * parse, matching, one transaction): two readings per installed meter (the first decides, the second is `later`),
 * the rest serials installed nowhere. Then the same readings again as a CSV file through the import (all duplicates
 * now: the replay path). Prints wall time and memory (RSS and heap growth, peak sampled every 20 ms).
 *
 *   npm run bench:hes -- [--size 50000] [--installed 40000] [--readings 100000] [--backend sqlite|postgres|both]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Insertable } from 'kysely';
import { seedDemo } from '../server/demo/seed';
import type { AuthContext } from '../server/services/authService';
import { createApiTokenService } from '../server/services/hes/apiTokenService';
import { createHesService } from '../server/services/hes/hesService';
import { connect } from '../server/store/connect';
import type { Database } from '../server/store/schema';
import { createStore } from '../server/store/store';
import { meterReadingsXml, type FixtureReading } from '../tests/server/hesFixtures';
import { dropScratchSchema } from './lib/scratchSchema';

const { values } = parseArgs({
  options: { size: { type: 'string' }, installed: { type: 'string' }, readings: { type: 'string' }, backend: { type: 'string' } },
  strict: true,
});
const SIZE = Number(values.size ?? 50_000);
const INSTALLED = Number(values.installed ?? 40_000);
const READINGS = Number(values.readings ?? 100_000);
const BACKEND = values.backend ?? 'sqlite';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-11-24T10:00:00.000Z');
const INSTALL_AT = '2026-11-24T02:00:00.000Z';
const CHUNK = 1000;
const MB = 1024 * 1024;

/** The body as a stream of 64 KiB chunks, as a socket delivers it. */
function chunked(bytes: Buffer): AsyncIterable<Uint8Array> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 64 * 1024) parts.push(bytes.subarray(i, i + 64 * 1024));
  return Readable.from(parts);
}

/** Runs `fn` and measures its wall time, and RSS and heap: growth at the end and the peak seen while it ran. */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number; peakHeapGrowthMb: number }> {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = heapBefore;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const start = performance.now();
  const value = await fn();
  const ms = Math.round(performance.now() - start);
  clearInterval(timer);
  const m = process.memoryUsage();
  return {
    value,
    ms,
    peakRssMb: Math.round(Math.max(peakRss, m.rss) / MB),
    peakHeapGrowthMb: Math.round((Math.max(peakHeap, m.heapUsed) - heapBefore) / MB),
  };
}

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-hes-'));
  const schema = `bench_hes_${Date.now().toString(36)}`;
  const options = backend === 'sqlite' ? { dataDir } : { databaseUrl: PG_URL, schema };
  const store = await createStore(options);
  const raw = await connect(options);
  try {
    await store.migrate();
    await seedDemo(store, { seed: 20251124, size: SIZE, now: NOW, today: '2026-11-24' });
    const db = raw.db;
    const tech = await db.selectFrom('users').select('id').where('role', '=', 'technician').executeTakeFirstOrThrow();
    const orders = await db.selectFrom('work_orders').select(['id']).orderBy('code').limit(INSTALLED).execute();
    const serial = (i: number) => `HB${String(i).padStart(8, '0')}`;
    const completions: Insertable<Database['completions']>[] = orders.map((wo, i) => ({
      id: crypto.randomUUID(),
      work_order_id: wo.id,
      technician_id: tech.id,
      client_id: tech.id,
      is_primary: 1,
      payload: JSON.stringify({ installed: { serial: serial(i), readings: { total: 0.3 }, remoteRead: 'rf_mesh' }, completedAt: INSTALL_AT }),
      media_status: 'complete',
      received_at: INSTALL_AT,
      captured_at: INSTALL_AT,
      flags: '[]',
      installed_serial: serial(i),
    }));
    for (let i = 0; i < completions.length; i += CHUNK)
      await db
        .insertInto('completions')
        .values(completions.slice(i, i + CHUNK))
        .execute();
    const awaiting = completions.map((c) => ({
      completion_id: c.id,
      work_order_id: c.work_order_id,
      technician_id: tech.id,
      installed_at: INSTALL_AT,
      state: 'awaiting',
      reading_id: null,
      first_read_at: null,
      first_read_total: null,
      comm_type: null,
      reason: null,
      decided_at: null,
      follow_up_work_order_id: null,
    }));
    for (let i = 0; i < awaiting.length; i += CHUNK)
      await db
        .insertInto('commissioning')
        .values(awaiting.slice(i, i + CHUNK))
        .execute();

    const readings: FixtureReading[] = [];
    for (let i = 0; i < orders.length && readings.length < READINGS; i++) {
      // Every 10th meter reads far too much two hours after the install: a mismatch.
      readings.push({ serial: serial(i), readAt: '2026-11-24T03:00:00.000Z', total: i % 10 === 0 ? 9876.5 : 1.2, amrSystem: 'RF-Mesh' });
      if (readings.length < READINGS) readings.push({ serial: serial(i), readAt: '2026-11-24T03:30:00.000Z', total: i % 10 === 0 ? 9877 : 1.6 });
    }
    for (let i = 0; readings.length < READINGS; i++)
      readings.push({ serial: `UX${String(i).padStart(8, '0')}`, readAt: '2026-11-24T03:00:00.000Z', total: 100 + i });
    const xml = Buffer.from(meterReadingsXml(readings, `bench-${schema}`));
    const csv = Buffer.from(['SO_CTO,THOI_GIAN,CS_TONG', ...readings.map((r) => `${r.serial},${r.readAt},${r.total}`)].join('\r\n'));

    const clock = { now: () => NOW };
    const tokens = createApiTokenService(store, clock);
    const [admin] = await store.users.findByUsernames(['admin']);
    if (!admin) throw new Error('no admin');
    const auth: AuthContext = {
      sessionId: 'bench',
      user: {
        id: admin.id,
        username: admin.username,
        displayName: admin.displayName,
        role: admin.role,
        teamId: admin.teamId,
        teamName: admin.teamName,
      },
    };
    const { token } = await tokens.create(auth, 'bench');
    const hes = createHesService(store, clock, tokens);

    // Event-loop responsiveness while the message is processed: the longest gap between 10 ms timers.
    let last = performance.now();
    let worstGap = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last - 10);
      last = now;
    }, 10);
    const message = await measure(() =>
      hes.receive(`Bearer ${token}`, { contentType: 'application/xml', contentLength: String(xml.length), body: chunked(xml) }),
    );
    clearInterval(probe);
    if (!message.value.ok) throw new Error(JSON.stringify(message.value.error).slice(0, 500));
    const file = await measure(() =>
      hes.importCsv(auth, { teamId: undefined, dryRun: false, contentType: 'text/csv', contentLength: String(csv.length), body: chunked(csv) }),
    );
    if (!file.value.ok) throw new Error(JSON.stringify(file.value.error).slice(0, 500));
    const r = message.value.value;
    console.log(
      `${backend}: ${READINGS.toLocaleString('en')} readings, XML ${(xml.length / MB).toFixed(1)} MB → ${message.ms} ms ` +
        `(${Math.round(READINGS / (message.ms / 1000)).toLocaleString('en')} readings/s), peak RSS ${message.peakRssMb} MB, heap growth ${message.peakHeapGrowthMb} MB, ` +
        `longest event-loop stall ${Math.round(worstGap)} ms; confirmed ${r.confirmed}, mismatched ${r.mismatched}, later ${r.later}, unmatched ${r.unmatched}`,
    );
    const f = file.value.value;
    console.log(
      `${backend}: the same as CSV ${(csv.length / MB).toFixed(1)} MB (a replay: ${f.duplicates.toLocaleString('en')} duplicates) → ${file.ms} ms, ` +
        `peak RSS ${file.peakRssMb} MB, heap growth ${file.peakHeapGrowthMb} MB`,
    );
  } finally {
    await raw.db.destroy();
    await store.close();
    if (backend === 'sqlite') rmSync(dataDir, { recursive: true, force: true });
    else await dropScratchSchema(PG_URL, schema);
  }
}

console.log(
  `bench:hes  size ${SIZE}, installed ${INSTALLED}, readings ${READINGS}; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const backend of BACKEND === 'both' ? (['sqlite', 'postgres'] as const) : ([BACKEND] as const)) {
  if (backend !== 'sqlite' && backend !== 'postgres') throw new Error(`--backend ${backend}: sqlite, postgres or both`);
  await run(backend);
}
