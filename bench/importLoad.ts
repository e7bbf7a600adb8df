/**
 * Issue 13 §7: the API beside one supervisor's big import. A real server process (scripts/serverProcess.ts) with the
 * demo data imports 200,000 CMIS rows streamed through HTTP while, every PROBE_MS and whatever is still in flight
 * (open loop, so a stall is counted once per probe it delays, not once in all), an anonymous client asks
 * GET /api/v1/health and the demo technician tech1 pulls (GET /api/v1/sync/pull from its cursor, as a phone syncs).
 * On SQLite (a fresh DATA_DIR) and on PostgreSQL (a fresh database on BENCH_DATABASE_URL's server).
 *
 *   node --import tsx bench/importLoad.ts [--rows 200000] [--backend sqlite|postgres|both]
 *
 * Budgets: health p99 ≤ 200 ms and pull p99 ≤ 200 ms during the import; the import's total time is reported.
 * Writes bench/results/import.figures.json and bench/results/importLoad.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ImportResponse } from '../src/domain/workOrder/imports';
import { PullResponse } from '../src/domain/protocol/sync';
import { startServerProcess, type ServerProcess } from '../scripts/serverProcess';
import { figure, formatTable, RESULTS_DIR, writeFigures, type Figure } from './lib/figures';
import { login, onPostgresServer, request, round, summarizeProbes, type Probes } from './lib/loadProbe';

const { values } = parseArgs({ options: { rows: { type: 'string' }, backend: { type: 'string' } }, strict: true });
const ROWS = Number(values.rows ?? 200_000);
const BACKEND = values.backend ?? 'both';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PROBE_MS = 100;
const BUDGET_MS = 200;
const PASSWORD = 'demo1234';

const HEADER =
  'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DTHOAI;DIA_CHI;XA_PHUONG;TINH;lat;lng;MA_TRAM;MA_SOGCS;STT;SO_PHA;SO_CTO;LOAI_CTO;CHI_SO_CU;LY_DO;NGAY_KH';
const NAMES = ['Nguyễn Văn Hòa', 'Lê Thị Hương', 'Trần Đức Thắng', 'Phạm Thị Lan', 'Hoàng Văn Đông', 'Đỗ Thị Mai'];
const COMMUNES = ['Quảng Phú', 'Hoằng Quang', 'Đông Sơn', 'Thiệu Hóa', 'Nga Sơn'];

/** Row `n` of a CMIS export (the same rows as bench/import.ts): `;`, decimal commas, dd/MM/yyyy, generated codes. */
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

function* csvChunks(rows: number): Generator<Buffer> {
  yield Buffer.from(`\ufeff${HEADER}\r\n`);
  for (let next = 0; next < rows;) {
    const lines: string[] = [];
    for (let k = 0; k < 1000 && next < rows; k += 1, next += 1) lines.push(cmisRow(next));
    yield Buffer.from(`${lines.join('\r\n')}\r\n`);
  }
}

interface BackendResult {
  backend: string;
  rows: number;
  importSeconds: number;
  created: number;
  health: Probes;
  pull: Probes;
}

async function measure(backend: 'sqlite' | 'postgres', env: Record<string, string | undefined>): Promise<BackendResult> {
  const server: ServerProcess = await startServerProcess({ ...env, DEMO: '1', LOG_LEVEL: 'warn' }, { timeoutMs: 120_000 });
  const { port } = server;
  try {
    const supervisor = await login(port, 'supervisor1', PASSWORD);
    const tech = await login(port, 'tech1', PASSWORD);
    const clientId = randomUUID();
    // The phone is in sync before the import starts: each probe then is the light pull a device makes every sync.
    let cursor: string | undefined;
    for (;;) {
      const page = await request(
        false,
        port,
        'GET',
        `/api/v1/sync/pull?clientId=${clientId}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        { cookie: tech },
      );
      const parsed = PullResponse.parse(JSON.parse(page.body.toString('utf8')));
      cursor = parsed.cursor;
      if (!parsed.hasMore) break;
    }
    // One agent per kind of probe, sockets unbounded: a stalled pull must not queue a health check in this client.
    const healthAgent = new http.Agent({ keepAlive: true });
    const pullAgent = new http.Agent({ keepAlive: true });
    const healthMs: number[] = [];
    const pullMs: number[] = [];
    let healthFailed = 0;
    let pullFailed = 0;
    const inFlight = new Set<Promise<void>>();
    const probe = (agent: http.Agent, target: string, headers: Record<string, string>, into: number[], fail: () => void) => {
      const started = performance.now();
      const done = request(agent, port, 'GET', target, headers)
        .then(
          (res) => {
            into.push(performance.now() - started);
            if (res.status !== 200) fail();
          },
          () => {
            into.push(performance.now() - started);
            fail();
          },
        )
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    };
    const timer = setInterval(() => {
      probe(healthAgent, '/api/v1/health', {}, healthMs, () => (healthFailed += 1));
      probe(
        pullAgent,
        `/api/v1/sync/pull?clientId=${clientId}&cursor=${encodeURIComponent(cursor)}`,
        { cookie: tech },
        pullMs,
        () => (pullFailed += 1),
      );
    }, PROBE_MS);
    const started = performance.now();
    const res = await request(
      false,
      port,
      'POST',
      '/api/v1/work-orders/import',
      { cookie: supervisor, 'content-type': 'text/csv; charset=utf-8', 'transfer-encoding': 'chunked' },
      Readable.from(csvChunks(ROWS)),
    );
    const importSeconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    await Promise.all([...inFlight]);
    healthAgent.destroy();
    pullAgent.destroy();
    if (res.status !== 200) throw new Error(`import: ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
    const body = ImportResponse.parse(JSON.parse(res.body.toString('utf8')));
    if (body.created !== ROWS) throw new Error(`imported ${body.created} of ${ROWS}`);
    return {
      backend,
      rows: ROWS,
      importSeconds: round(importSeconds),
      created: body.created,
      health: summarizeProbes(healthMs, healthFailed),
      pull: summarizeProbes(pullMs, pullFailed),
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const results: BackendResult[] = [];
  if (BACKEND !== 'postgres') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-import-load-'));
    try {
      results.push(await measure('sqlite', { DATABASE_URL: undefined, DATA_DIR: dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (BACKEND !== 'sqlite') {
    // A database of its own: a server process is configured by DATABASE_URL alone.
    const name = `bench_import_load_${process.pid}`;
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    await onPostgresServer(PG_URL, (c) => c.query(`create database ${name}`));
    try {
      results.push(await measure('postgres', { DATABASE_URL: url.toString() }));
    } finally {
      await onPostgresServer(PG_URL, (c) => c.query(`drop database if exists ${name} with (force)`));
    }
  }
  const label = (b: string) => (b === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const rows = `${Math.round(ROWS / 1000)}k`;
  const full = ROWS >= 200_000;
  const figures: Figure[] = results.flatMap((r) => [
    figure(`import: /health p99 during a ${rows}-row import (${label(r.backend)})`, r.health.p99, 'ms', full ? { max: BUDGET_MS } : null),
    figure(`import: tech pull p99 during a ${rows}-row import (${label(r.backend)})`, r.pull.p99, 'ms', full ? { max: BUDGET_MS } : null),
    figure(`import: ${rows} rows through HTTP, total (${label(r.backend)})`, r.importSeconds, 's'),
  ]);
  for (const r of results) {
    console.log(`${r.backend}: ${r.rows} rows in ${r.importSeconds} s; health ${JSON.stringify(r.health)}; pull ${JSON.stringify(r.pull)}`);
  }
  console.log(`\n${formatTable(figures)}`);
  writeFigures('import', figures);
  writeFileSync(
    path.join(RESULTS_DIR, 'importLoad.json'),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), probeMs: PROBE_MS, results }, null, 2)}\n`,
  );
  const failedProbes = results.some((r) => r.health.failed > 0 || r.pull.failed > 0);
  if (failedProbes) {
    console.error('some probes were not answered 200');
    process.exit(1);
  }
}

await main();
