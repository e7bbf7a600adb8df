/**
 * Stock (issue 16): a delivery of SERIALS meter serials (plus a seal range) imported through the real import service
 * into a fresh SQLite file and a fresh PostgreSQL schema — time and memory (peak RSS and heap growth, sampled every
 * 20 ms) — then ITEMS of them issued to tech1 and the technician's stock read as the device reads it
 * (`GET /stock/items`, one page of up to 500 items, through the real service): median of RUNS runs and the answer's
 * size in bytes. While the import runs, the API's responsiveness: the event loop's longest delay (perf_hooks
 * monitorEventLoopDelay) and the slowest of a read answered every 50 ms (`SELECT 1` on the API's connection).
 *
 *   npm run bench:stock -- [--serials 100000] [--items 500] [--runs 5] [--backend sqlite|postgres|both]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedDemo } from '../server/demo/seed';
import type { AuthContext } from '../server/services/authService';
import { busyImportWorkerPids } from '../server/services/import/importWorkerPool';
import { createStockImport } from '../server/services/import/stockImport';
import { createStockService } from '../server/services/stockService';
import type { UserRecord } from '../server/store/records';
import { createStore } from '../server/store/store';
import { dropScratchSchema } from './lib/scratchSchema';

/** A process's peak resident set (VmHWM, kB), 0 once it is gone. */
function peakRssKbOf(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const { values } = parseArgs({
  options: { serials: { type: 'string' }, items: { type: 'string' }, runs: { type: 'string' }, backend: { type: 'string' } },
  strict: true,
});
const SERIALS = Number(values.serials ?? 100_000);
const ITEMS = Number(values.items ?? 500);
const RUNS = Number(values.runs ?? 5);
const BACKEND = values.backend ?? 'both';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-11-24T10:00:00.000Z');
const clock = { now: () => NOW };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

const authOf = (u: UserRecord): AuthContext => ({
  sessionId: 'bench',
  user: { id: u.id, username: u.username, displayName: u.displayName, role: u.role, teamId: u.teamId, teamName: u.teamName },
});

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-stock-'));
  const schema = `bench_stock_${Date.now().toString(36)}`;
  const store = await createStore(backend === 'sqlite' ? { dataDir } : { databaseUrl: PG_URL, schema });
  try {
    await store.migrate();
    await seedDemo(store, { seed: 20251124, size: 180, now: NOW, today: '2026-11-24' });
    const [sup, tech] = await store.users.findByUsernames(['supervisor1', 'tech1']);
    if (sup === undefined || tech === undefined) throw new Error('no supervisor1 / tech1');
    const lines = ['SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM'];
    for (let i = 0; i < SERIALS; i++) {
      const serial = `BS${String(i).padStart(8, '0')}`;
      lines.push(`${serial};DDS26D-RF;${i % 10 === 0 ? 3 : 1};2026;15/10/2026;KD-${serial};;LO-${Math.floor(i / 1000)};;;`);
    }
    lines.push(';;;;;;;LO-S;SB000001;SB005000;terminal_cover');
    const body = Buffer.from(`${lines.join('\r\n')}\r\n`);
    const imports = createStockImport(store, clock);

    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    const baseHeap = process.memoryUsage().heapUsed;
    let peakRss = baseRss;
    let peakHeap = baseHeap;
    // The import runs in a child process (server/services/import/importWorkerPool.ts): its own peak, from the kernel.
    let workerPeakKb = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      for (const pid of busyImportWorkerPids()) workerPeakKb = Math.max(workerPeakKb, peakRssKbOf(pid));
    }, 20);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    // A read the API answers during the import: how long a request would wait for the event loop and the connection.
    let probeMax = 0;
    // The longest gap between 10 ms ticks beyond their 10 ms: the histogram alone under-reports one long stall.
    let lastTick = performance.now();
    let tickMax = 0;
    const ticker = setInterval(() => {
      const t = performance.now();
      tickMax = Math.max(tickMax, t - lastTick - 10);
      lastTick = t;
    }, 10);
    let probes = 0;
    let probing = true;
    const probe = (async () => {
      while (probing) {
        // From when the request would arrive (the timer's due time) to its answer: the wait for the loop counts.
        const due = performance.now() + 50;
        await new Promise((resolve) => setTimeout(resolve, 50));
        const t0 = due;
        await store.ping();
        probeMax = Math.max(probeMax, performance.now() - t0);
        probes += 1;
      }
    })();
    const start = performance.now();
    const imported = await imports.importCsv(authOf(sup), {
      teamId: undefined,
      dryRun: false,
      contentType: 'text/csv',
      contentLength: String(body.length),
      // eslint-disable-next-line @typescript-eslint/require-await -- an in-memory body, as a request stream would give it
      body: (async function* () {
        for (let i = 0; i < body.length; i += 64 * 1024) yield body.subarray(i, i + 64 * 1024);
      })(),
    });
    const importMs = Math.round(performance.now() - start);
    clearInterval(sampler);
    loopDelay.disable();
    clearInterval(ticker);
    probing = false;
    await probe;
    if (!imported.ok) throw new Error(JSON.stringify(imported.error).slice(0, 500));

    const stock = createStockService(store, clock);
    const meters = Math.round(ITEMS * 0.6);
    const issued = await stock.issue(authOf(sup), {
      technicianId: tech.id,
      meterRanges: [{ from: 'BS00000000', to: `BS${String(meters - 1).padStart(8, '0')}` }],
      sealRanges: [{ from: 'SB000001', to: `SB${String(ITEMS - meters).padStart(6, '0')}` }],
      pliersNumber: 'K-1',
    });
    if (!issued.ok) throw new Error(JSON.stringify(issued.error).slice(0, 500));
    const read = () => stock.items(authOf(tech), { limit: 500 });
    const first = await read();
    if (!first.ok) throw new Error('items');
    const bytes = Buffer.byteLength(JSON.stringify(first.value));
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await read();
      samples.push(performance.now() - t0);
    }
    process.stdout.write(
      `${backend}: delivery of ${imported.value.meters} meters + ${imported.value.seals} seals (${mb(body.length)} MB CSV) imported in ${importMs} ms, ` +
        `API process peak RSS +${mb(peakRss - baseRss)} MB, peak heap +${mb(peakHeap - baseHeap)} MB, import process peak RSS ${(workerPeakKb / 1024).toFixed(0)} MB, ` +
        `event loop max delay ${(loopDelay.max / 1e6).toFixed(0)} ms (ticks: ${tickMax.toFixed(0)} ms) (p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)}), ` +
        `slowest of ${probes} reads (due every 50 ms) during it ${probeMax.toFixed(0)} ms; ` +
        `technician's stock of ${first.value.items.length} items (${(bytes / 1024).toFixed(0)} KB JSON) read in median ${median(samples).toFixed(1)} ms ` +
        `(min ${Math.min(...samples).toFixed(1)}); load ${loadavg()[0]?.toFixed(2)}\n`,
    );
  } finally {
    await store.close();
    if (backend === 'sqlite') rmSync(dataDir, { recursive: true, force: true });
    else await dropScratchSchema(PG_URL, schema);
  }
}

for (const backend of ['sqlite', 'postgres'] as const) if (BACKEND === 'both' || BACKEND === backend) await run(backend);
