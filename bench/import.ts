/**
 * CSV import and map points on this machine (issue 5 "measure"): 50,000 CMIS-style rows imported through HTTP into
 * a fresh SQLite database and a fresh PostgreSQL schema, then `GET /api/v1/work-orders/map` over 100,000+ orders.
 * The server runs in this process (createApp on an ephemeral port), so `process.memoryUsage()` sampled every 20 ms
 * during the import is the server's memory; the CSV is generated as a stream, never held whole.
 *
 *   npm run bench:import [-- --rows 50000 --backend sqlite|postgres|both]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default) names the PostgreSQL server.
 * Writes bench/results/import.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../server/app';
import { parseConfig } from '../server/config';
import { seedDemo } from '../server/demo/seed';
import { createLogger } from '../server/logger';
import { createStore, type Store } from '../server/store/store';
import { ImportResponse } from '../src/domain/workOrder/imports';
import { WorkOrderMapPoints } from '../src/domain/workOrder/workOrderQuery';
import { dropScratchSchema } from './lib/scratchSchema';

const { values } = parseArgs({ options: { rows: { type: 'string' }, backend: { type: 'string' } }, strict: true });
const ROWS = Number(values.rows ?? 50_000);
const BACKEND = values.backend ?? 'both';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MAP_TARGET = 100_000;
const MAP_RUNS = 5;
const SAMPLE_MS = 20;
const RETAINED_SAMPLE_MS = 250;
const SEED_SIZE = 2000;
const MB = 1024 * 1024;

const HEADER =
  'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DTHOAI;DIA_CHI;XA_PHUONG;TINH;lat;lng;MA_TRAM;MA_SOGCS;STT;SO_PHA;SO_CTO;LOAI_CTO;CHI_SO_CU;LY_DO;planned_date';
const NAMES = ['Nguyễn Văn Hòa', 'Lê Thị Hương', 'Trần Đức Thắng', 'Phạm Thị Lan', 'Hoàng Văn Đông', 'Đỗ Thị Mai'];
const COMMUNES = ['Quảng Phú', 'Hoằng Quang', 'Đông Sơn', 'Thiệu Hóa', 'Nga Sơn'];

/** Row `n` of a CMIS export: `;`-separated, decimal commas, dd/MM/yyyy dates (generated codes: MA_YCAU_KNAI empty). */
function cmisRow(n: number): string {
  const lat = (19.5 + ((n * 7919) % 5000) / 10000).toFixed(5).replace('.', ',');
  const lng = (105.5 + ((n * 104729) % 5000) / 10000).toFixed(5).replace('.', ',');
  return [
    '',
    `PA0701${String(n).padStart(7, '0')}`,
    NAMES[n % NAMES.length],
    `09${String(n % 100_000_000).padStart(8, '0')}`,
    `"Thôn ${n % 20}; xã ${COMMUNES[n % COMMUNES.length]}"`,
    COMMUNES[n % COMMUNES.length],
    'Thanh Hóa',
    lat,
    lng,
    `TBA-${n % 300}`,
    `SO-${n % 60}`,
    String(n % 400),
    n % 10 === 0 ? '3' : '1',
    `SN${String(n).padStart(10, '0')}`,
    'CV140 1 pha cơ khí',
    `${n % 9000},${n % 10}`,
    'Thay công tơ cơ khí bằng công tơ điện tử đo xa',
    '30/11/2026',
  ].join(';');
}

/** The file as a byte stream, 1,000 rows per chunk. */
function csvStream(first: number, rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next === 0) controller.enqueue(encoder.encode(`\ufeff${HEADER}\r\n`));
      if (next >= rows) {
        controller.close();
        return;
      }
      const lines: string[] = [];
      for (let k = 0; k < 1000 && next < rows; k += 1, next += 1) lines.push(cmisRow(first + next));
      controller.enqueue(encoder.encode(`${lines.join('\r\n')}\r\n`));
    },
  });
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

interface ImportFigures {
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  peakHeapMB: number;
  rssGrowthMB: number;
  heapGrowthMB: number;
}

/**
 * One import of ROWS rows. With `collect`, the heap is sampled right after a forced GC (every RETAINED_SAMPLE_MS):
 * what the import really holds, without the garbage a plain sample counts (that run's time is not reported).
 */
async function timedImport(base: string, cookie: string, first: number, collect = false): Promise<ImportFigures> {
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(
    () => {
      if (collect) global.gc?.();
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    },
    collect ? RETAINED_SAMPLE_MS : SAMPLE_MS,
  );
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/work-orders/import`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'text/csv; charset=utf-8' },
    body: csvStream(first, ROWS),
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  const text = await res.text();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (res.status !== 200) throw new Error(`import: ${res.status} ${text.slice(0, 500)}`);
  const body = ImportResponse.parse(JSON.parse(text));
  if (body.created !== ROWS) throw new Error(`imported ${body.created} of ${ROWS}`);
  return {
    seconds: round(seconds),
    rowsPerSecond: Math.round(ROWS / seconds),
    peakRssMB: round(peakRss / MB),
    peakHeapMB: round(peakHeap / MB),
    rssGrowthMB: round((peakRss - baseline.rss) / MB),
    heapGrowthMB: round((peakHeap - baseline.heapUsed) / MB),
  };
}

async function timedMap(base: string, cookie: string): Promise<{ points: number; medianMs: number; minMs: number; bytesMB: number }> {
  const times: number[] = [];
  let points = 0;
  let bytes = 0;
  for (let i = 0; i < MAP_RUNS; i += 1) {
    const started = performance.now();
    const res = await fetch(`${base}/api/v1/work-orders/map`, { headers: { cookie, 'accept-encoding': 'identity' } });
    const text = await res.text();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`map: ${res.status}`);
    points = WorkOrderMapPoints.parse(JSON.parse(text)).ids.length;
    bytes = text.length;
  }
  times.sort((a, b) => a - b);
  return { points, medianMs: round(times[Math.floor(times.length / 2)] ?? 0), minMs: round(times[0] ?? 0), bytesMB: round(bytes / MB) };
}

/** A page of the list on 100,000+ orders: the first page, and a folded-name search (a scan of the team's rows). */
async function timedList(
  base: string,
  cookie: string,
): Promise<{ firstPageMs: number; searchMs: number; searchHits: number; rareSearchMs: number; rareSearchHits: number }> {
  const time = async (path: string): Promise<{ ms: number; items: number }> => {
    const runs: number[] = [];
    let items = 0;
    for (let i = 0; i < MAP_RUNS; i += 1) {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = (await res.json()) as { items: unknown[] };
      runs.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`list: ${res.status}`);
      items = body.items.length;
    }
    runs.sort((a, b) => a - b);
    return { ms: round(runs[Math.floor(runs.length / 2)] ?? 0), items };
  };
  const first = await time('/api/v1/work-orders?limit=100');
  const search = await time(`/api/v1/work-orders?limit=100&q=${encodeURIComponent('hoang van dong')}`);
  // Few matches: the whole team is scanned before the page is full (the worst case of a substring search).
  const rare = await time('/api/v1/work-orders?limit=100&q=0049999');
  return { firstPageMs: first.ms, searchMs: search.ms, searchHits: search.items, rareSearchMs: rare.ms, rareSearchHits: rare.items };
}

const round = (x: number): number => Math.round(x * 100) / 100;

async function withServer<T>(store: Store, fn: (base: string) => Promise<T>): Promise<T> {
  const parsed = parseConfig({ LOG_LEVEL: 'error' });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = createApp({ config: parsed.config, store, logger: createLogger('error') });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await fn(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function run(backend: 'sqlite' | 'postgres'): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const schema = `bench_import_${process.pid}`;
  const store = await createStore(backend === 'postgres' ? { databaseUrl: PG_URL, schema } : { dataDir });
  try {
    await store.migrate();
    await seedDemo(store, { seed: 42, size: SEED_SIZE, now: new Date(), today: '2026-11-24' });
    return await withServer(store, async (base) => {
      const cookie = await login(base, 'supervisor1');
      const first = await timedImport(base, cookie, 0);
      console.log(
        `${backend.padEnd(8)} import ${ROWS} rows: ${first.seconds} s (${first.rowsPerSecond} rows/s), peak RSS ${first.peakRssMB} MB (+${first.rssGrowthMB}), peak heap ${first.peakHeapMB} MB (+${first.heapGrowthMB})`,
      );
      // More imports until the team holds at least 100,000 orders (the first of them measures retained heap), then the map.
      const retained = await timedImport(base, cookie, ROWS, true);
      console.log(
        `${backend.padEnd(8)} second import, heap sampled after GC: peak ${retained.peakHeapMB} MB (+${retained.heapGrowthMB}), peak RSS ${retained.peakRssMB} MB`,
      );
      let imports = 2;
      while ((await store.workOrders.count()) < MAP_TARGET) {
        await timedImport(base, cookie, imports * ROWS);
        imports += 1;
      }
      const map = await timedMap(base, cookie);
      console.log(
        `${backend.padEnd(8)} map of ${map.points} points: median ${map.medianMs} ms, best ${map.minMs} ms, ${map.bytesMB} MB of JSON (uncompressed)`,
      );
      const list = await timedList(base, cookie);
      console.log(
        `${backend.padEnd(8)} list: first page of 100 ${list.firstPageMs} ms, search "hoang van dong" ${list.searchMs} ms (${list.searchHits} shown), rare "0049999" ${list.rareSearchMs} ms (${list.rareSearchHits} found)`,
      );
      return {
        import: first,
        list,
        retainedHeap: { peakHeapMB: retained.peakHeapMB, heapGrowthMB: retained.heapGrowthMB, peakRssMB: retained.peakRssMB },
        map,
      };
    });
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (backend === 'postgres') {
      await dropScratchSchema(PG_URL, schema);
    }
  }
}

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { rows: ROWS, node: process.version, at: new Date().toISOString() };
  if (BACKEND !== 'postgres') results.sqlite = await run('sqlite');
  if (BACKEND !== 'sqlite') {
    if (await pgReachable()) results.postgres = await run('postgres');
    else console.log(`postgres unreachable at ${PG_URL}: skipped`);
  }
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, 'results', 'import.json'), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
