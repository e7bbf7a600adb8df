/**
 * Issue 14's "server CPU per photo": a real server process (scripts/serverProcess.ts) receives the photos of a day
 * as the device sends them, batches of 8 valid JPEGs of ~200 KiB of incompressible bytes through POST /api/v1/photos
 * (4 batches at once, as the device's photo queue), and the figure is the server process's CPU time
 * (utime + stime from /proc/<pid>/stat) over the upload window divided by the photos. Only the photo path runs: no
 * browser, no swaps, so the figure is steadier than bench/sync.ts's (whose server CPU also holds the swaps' pushes).
 * Each run is a fresh server and database after a warm-up of a few batches (the JIT, the folder cache); the figure is
 * the median of the runs. CPU time, not wall time: the machine is shared.
 *
 *   npm run bench:photo-cpu -- [--runs 3] [--photos 480] [--batch 8] [--concurrency 4] [--kib 200]
 *     [--backends sqlite,postgres] [--blob-store folder|database] [--budget-sqlite 2.8] [--budget-postgres 4.0]
 *
 * `--before DIR` also runs the server of the checkout in DIR (a worktree of an older commit, its node_modules linked), run
 * for run alternating with this one, and reports both and the ratio: the fair comparison on a shared machine.
 * `BENCH_SERVER_PROF=DIR` runs the server with `--cpu-prof` into DIR (where its time goes; the warm-up is in it too).
 * Writes bench/results/photo-cpu.figures.json and bench/results/photo-cpu.json (every run).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PHOTO_BATCH_CONTENT_TYPE, PhotoBatchResponse } from '../src/domain/capture/photos';
import { startServerProcess } from '../scripts/serverProcess';
import { paddedJpeg } from '../scripts/testImages';
import { figure, formatTable, RESULTS_DIR, writeFigures, type Figure } from './lib/figures';
import { cpuSeconds, cpuSplit } from './lib/processStats';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const RUNS = Number(args.get('runs') ?? 3);
const BATCH = Number(args.get('batch') ?? 8);
const PHOTOS = Math.ceil(Number(args.get('photos') ?? 480) / BATCH) * BATCH;
const CONCURRENCY = Number(args.get('concurrency') ?? 4);
const PHOTO_BYTES = Number(args.get('kib') ?? 200) * 1024;
const WARMUP_BATCHES = 8;
const BACKENDS = (args.get('backends') ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const BLOB_STORE = args.get('blob-store') ?? 'folder';
/** Issue 14: at most half of the original 5.6 ms (SQLite) and 8.0 ms (PostgreSQL) per photo. */
const BUDGET_MS: Record<string, number> = {
  sqlite: Number(args.get('budget-sqlite') ?? 2.8),
  postgres: Number(args.get('budget-postgres') ?? 4.0),
};
const BEFORE = args.get('before');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Photo {
  id: string;
  bytes: Uint8Array;
}

/** A batch's body as the device builds it: the manifest line, then each photo's bytes back to back. */
function batchBody(photos: readonly Photo[]): Uint8Array<ArrayBuffer> {
  const manifest = { photos: photos.map((p) => ({ id: p.id, type: 'image/jpeg', bytes: p.bytes.length })) };
  const pieces = [Buffer.from(`${JSON.stringify(manifest)}\n`), ...photos.map((p) => p.bytes)];
  const body = new Uint8Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    body.set(piece, offset);
    offset += piece.length;
  }
  return body;
}

/** `count` batches of new photos (made before the window, so the bench's own CPU is not in it). */
function makeBatches(count: number): Uint8Array<ArrayBuffer>[] {
  return Array.from({ length: count }, () =>
    batchBody(
      Array.from({ length: BATCH }, () => {
        const bytes = paddedJpeg(PHOTO_BYTES);
        return { id: createHash('sha256').update(bytes).digest('hex'), bytes };
      }),
    ),
  );
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'tech1', password: 'demo1234' }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Sends the batches, `CONCURRENCY` at a time; every photo must come back created. */
async function send(base: string, cookie: string, batches: readonly Uint8Array<ArrayBuffer>[]): Promise<number> {
  let next = 0;
  let created = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const body = batches[next++];
        const res = await fetch(`${base}/api/v1/photos`, { method: 'POST', headers: { cookie, 'content-type': PHOTO_BATCH_CONTENT_TYPE }, body });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`POST /photos: ${res.status} ${text}`);
        const answer = PhotoBatchResponse.parse(JSON.parse(text));
        for (const item of answer.results) {
          if (item.outcome !== 'created') throw new Error(`photo ${item.id}: ${JSON.stringify(item)}`);
          created += 1;
        }
      }
    }),
  );
  return created;
}

interface RunResult {
  /** `ours` (this checkout) or `before` (--before DIR). */
  code: 'ours' | 'before';
  backend: 'sqlite' | 'postgres';
  blobStore: string;
  photos: number;
  serverCpuSeconds: number;
  wallSeconds: number;
  msPerPhoto: number;
  /** The same split in user and kernel time (the kernel's: the file writes, fsyncs and the sockets). */
  userMsPerPhoto: number;
  systemMsPerPhoto: number;
}

async function onAdmin(sql: string): Promise<void> {
  const admin = new pg.Client(PG_ADMIN_URL);
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function run(code: 'ours' | 'before', backend: 'sqlite' | 'postgres', index: number): Promise<RunResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-photo-cpu-'));
  const dbName = backend === 'postgres' ? `bench_photo_cpu_${process.pid}_${code}_${index}` : null;
  const env: Record<string, string | undefined> = { DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'warn', DATABASE_URL: undefined, BLOB_STORE: undefined };
  if (dbName !== null) {
    await onAdmin(`CREATE DATABASE ${dbName}`);
    env.DATABASE_URL = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
    env.BLOB_STORE = BLOB_STORE;
  }
  const prof = process.env.BENCH_SERVER_PROF;
  const server = await startServerProcess(env, {
    nodeArgs: prof ? ['--cpu-prof', '--cpu-prof-dir', path.join(prof, code, backend)] : [],
    ...(code === 'before' && BEFORE !== undefined ? { main: path.resolve(BEFORE, 'server', 'main.ts') } : {}),
  });
  const killOnExit = () => server.killNow();
  process.once('exit', killOnExit);
  try {
    const pid = server.pid;
    if (pid === undefined) throw new Error('the server has no pid');
    const cookie = await login(server.baseUrl);
    await send(server.baseUrl, cookie, makeBatches(WARMUP_BATCHES));
    const batches = makeBatches(PHOTOS / BATCH);
    const cpuBefore = cpuSeconds(pid);
    const splitBefore = cpuSplit(pid);
    const started = performance.now();
    const photos = await send(server.baseUrl, cookie, batches);
    const wallSeconds = (performance.now() - started) / 1000;
    const serverCpuSeconds = cpuSeconds(pid) - cpuBefore;
    const splitAfter = cpuSplit(pid);
    const result: RunResult = {
      code,
      backend,
      blobStore: backend === 'postgres' ? BLOB_STORE : 'folder',
      photos,
      serverCpuSeconds,
      wallSeconds,
      msPerPhoto: (serverCpuSeconds * 1000) / photos,
      userMsPerPhoto: ((splitAfter.user - splitBefore.user) * 1000) / photos,
      systemMsPerPhoto: ((splitAfter.system - splitBefore.system) * 1000) / photos,
    };
    console.log(
      `${code.padEnd(6)} ${backend.padEnd(8)} run ${index}: ${photos} photos of ${PHOTO_BYTES / 1024} KiB in batches of ${BATCH} (${CONCURRENCY} at once), ` +
        `${wallSeconds.toFixed(2)} s, server CPU ${serverCpuSeconds.toFixed(2)} s → ${result.msPerPhoto.toFixed(2)} ms per photo ` +
        `(user ${result.userMsPerPhoto.toFixed(2)}, system ${result.systemMsPerPhoto.toFixed(2)})`,
    );
    return result;
  } finally {
    process.off('exit', killOnExit);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName !== null) await onAdmin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

// Runs alternate between the backends, so a busy spell of the shared machine does not land on one backend only.
// With --before, its runs alternate with ours too.
const CODES = BEFORE === undefined ? (['ours'] as const) : (['before', 'ours'] as const);
const results: RunResult[] = [];
for (let i = 1; i <= RUNS; i++) for (const backend of BACKENDS) for (const code of CODES) results.push(await run(code, backend, i));

const figures: Figure[] = [];
for (const backend of BACKENDS) {
  const label = backend === 'postgres' ? `postgres (${BLOB_STORE} blobs)` : 'sqlite';
  const msOf = (code: 'ours' | 'before') => median(results.filter((r) => r.backend === backend && r.code === code).map((r) => r.msPerPhoto));
  // The least of the runs: time the machine's other work adds only ever adds, so the minimum is the steadier estimate
  // of what the code itself costs when that work is heavy (CPU time varied 2× run to run on the shared machine).
  const minOf = (code: 'ours' | 'before') => Math.min(...results.filter((r) => r.backend === backend && r.code === code).map((r) => r.msPerPhoto));
  if (BEFORE !== undefined) {
    const before = results.filter((r) => r.backend === backend && r.code === 'before');
    figures.push(
      figure(`photo upload ${label}, before (${path.basename(BEFORE)}): server CPU per photo`, msOf('before'), 'ms'),
      figure(`photo upload ${label}, before: least of the runs`, minOf('before'), 'ms'),
      figure(`photo upload ${label}, before: of which user`, median(before.map((r) => r.userMsPerPhoto)), 'ms'),
      figure(`photo upload ${label}, before: of which system`, median(before.map((r) => r.systemMsPerPhoto)), 'ms'),
    );
  }
  const mine = results.filter((r) => r.backend === backend && r.code === 'ours');
  figures.push(
    figure(
      `photo upload ${label}: server CPU per photo (median of ${mine.length})`,
      median(mine.map((r) => r.msPerPhoto)),
      'ms',
      BUDGET_MS[backend] === undefined ? null : { max: BUDGET_MS[backend] },
    ),
    figure(`photo upload ${label}: least of the runs`, minOf('ours'), 'ms'),
    figure(`photo upload ${label}: of which user`, median(mine.map((r) => r.userMsPerPhoto)), 'ms'),
    figure(`photo upload ${label}: of which system`, median(mine.map((r) => r.systemMsPerPhoto)), 'ms'),
    figure(`photo upload ${label}: photos/s (wall)`, median(mine.map((r) => r.photos / r.wallSeconds)), 'photos/s'),
  );
  if (BEFORE !== undefined)
    figures.push(
      figure(`photo upload ${label}: CPU per photo, ours ÷ before (medians)`, msOf('ours') / msOf('before'), 'ratio'),
      figure(`photo upload ${label}: CPU per photo, ours ÷ before (least)`, minOf('ours') / minOf('before'), 'ratio'),
    );
}
writeFileSync(path.join(RESULTS_DIR, 'photo-cpu.json'), `${JSON.stringify({ at: new Date().toISOString(), runs: results }, null, 2)}\n`);
writeFigures('photo-cpu', figures);
console.log(`\n${formatTable(figures)}`);
