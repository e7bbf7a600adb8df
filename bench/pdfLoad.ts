/**
 * Issue 13 §2: the API beside handover PDFs of records whose stored images are the ones that once crashed or froze
 * the server (scripts/testImages.ts, badImages()). A real server process (scripts/serverProcess.ts) with the demo
 * data; the images are planted as old data would hold them (upload refuses them now): straight into the photo folder
 * and the photos and photo_uploaders rows, tech1 as the uploader. tech1 then completes one work order per image
 * through the push endpoint, each record holding three of the bad images, and CLIENTS signed-in supervisors ask for
 * those PDFs in a loop for SECONDS, while every PROBE_MS (open loop: a stall is counted once per probe it delays) an
 * anonymous client asks GET /api/v1/health. On SQLite (a fresh DATA_DIR) and PostgreSQL (a fresh database on
 * BENCH_DATABASE_URL's server, dropped after).
 *
 *   node --import tsx bench/pdfLoad.ts [--seconds 20] [--clients 4] [--backend sqlite|postgres|both]
 *
 * Figures: /health p50 and p99 under the load (budget p99 ≤ 200 ms; beside it the p99 of BASELINE_SECONDS of the same
 * probes before any PDF, the machine's own noise), probes not answered 200 (budget 0), PDFs
 * answered by status (a 503 with Retry-After is the pool saying "busy", anything else is a failure: budget 0),
 * whether the server process stayed up (same pid, alive, answering: budget 1), and its peak RSS (the kernel's
 * high-water mark, VmHWM, worker threads included) with its RSS right after the load and once the pool has retired
 * its idle workers (IDLE_WAIT_MS later).
 * Writes bench/results/pdf.figures.json and bench/results/pdfLoad.json.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFolderBlobStore } from '../server/blobs/folderBlobStore';
import { createStore } from '../server/store/store';
import { TechnicianList } from '../src/domain/workOrder/assignments';
import { PushResponse, type SwapCompleteArgs } from '../src/domain/protocol/mutations';
import { isoDayInVietnam } from '../src/domain/time/time';
import { WorkOrder } from '../src/domain/workOrder/workOrder';
import { badImages, type BadImage } from '../scripts/testImages';
import { startServerProcess, type ServerProcess } from '../scripts/serverProcess';
import { figure, formatTable, RESULTS_DIR, writeFigures, type Figure } from './lib/figures';
import { login, onPostgresServer, quantile, request, round, summarizeProbes, type Probes } from './lib/loadProbe';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' }, backend: { type: 'string' } }, strict: true });
const SECONDS = Number(values.seconds ?? 20);
const CLIENTS = Number(values.clients ?? 4);
const BACKEND = values.backend ?? 'both';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PROBE_MS = 50;
const BUDGET_MS = 200;
const PASSWORD = 'demo1234';
/** The pool retires a worker idle for 30 s (server/services/pdfRenderer.ts); RSS is read again after this long. */
const IDLE_WAIT_MS = 35_000;
/** /health probed this long before any PDF is asked for: the machine's own noise, to read the figure under load by. */
const BASELINE_SECONDS = 5;

async function json(port: number, method: string, target: string, cookie: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await request(false, port, method, target, headers, body === undefined ? undefined : JSON.stringify(body));
  if (res.status !== 200) throw new Error(`${method} ${target}: ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
  return JSON.parse(res.body.toString('utf8'));
}

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM), or NaN where there is no /proc. */
function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line === undefined ? NaN : Number(/(\d+)\s*kB/.exec(line)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface ProbeRun {
  ms: number[];
  failed: number;
  peakRss: number;
}

/**
 * GET /api/v1/health every PROBE_MS, whatever is still in flight (open loop: a stall is counted once per probe it
 * delays, not once in all), and the server's RSS sampled at the same pace; stop() waits for the last answers.
 */
function startHealthProbes(port: number, pid: number): { stop(): Promise<ProbeRun> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const run: ProbeRun = { ms: [], failed: 0, peakRss: procMb(pid, 'VmRSS') };
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    // NaN once the process is gone: the peak so far stays.
    const rss = procMb(pid, 'VmRSS');
    if (!Number.isNaN(rss)) run.peakRss = Math.max(run.peakRss, rss);
    const started = performance.now();
    const done = request(agent, port, 'GET', '/api/v1/health', {})
      .then(
        (res) => {
          run.ms.push(performance.now() - started);
          if (res.status !== 200) run.failed += 1;
        },
        () => {
          run.ms.push(performance.now() - started);
          run.failed += 1;
        },
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }, PROBE_MS);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      agent.destroy();
      return run;
    },
  };
}

interface Planted {
  image: BadImage;
  id: string;
}

/** The bad images, stored as data from before the upload check: photo folder, photos row, tech1 as uploader. */
async function plant(images: readonly BadImage[], store: { databaseUrl?: string; dataDir?: string }, dataDir: string): Promise<Planted[]> {
  const records = await createStore(store);
  try {
    const tech1 = await records.users.findByUsername('tech1');
    if (!tech1) throw new Error('the demo data has no tech1');
    const blobs = createFolderBlobStore(path.join(dataDir, 'photos'));
    const at = new Date().toISOString();
    const planted: Planted[] = [];
    for (const image of images) {
      const id = createHash('sha256').update(image.bytes).digest('hex');
      const writer = await blobs.begin(id);
      await writer.write(image.bytes);
      await writer.commit();
      await records.photos.insertMissing({ id, bytes: image.bytes.length, mime: image.mime, uploadedBy: tech1.id, receivedAt: at });
      await records.photos.addUploader(id, tech1.id, at);
      planted.push({ image, id });
    }
    return planted;
  } finally {
    await records.close();
  }
}

/**
 * One completion per planted image, by tech1 through the push endpoint (as the phone sends it): record `i` shows
 * images i, i+1 and i+2 (removed meter, installed meter, signature), so each PDF draws three bad images.
 */
async function complete(port: number, planted: readonly Planted[]): Promise<string[]> {
  const supervisor = await login(port, 'supervisor1', PASSWORD);
  const tech = await login(port, 'tech1', PASSWORD);
  const { items: technicians } = TechnicianList.parse(await json(port, 'GET', '/api/v1/technicians', supervisor));
  const tech1 = technicians.find((t) => t.username === 'tech1');
  if (tech1 === undefined) throw new Error('supervisor1 has no tech1');
  const page = (await json(port, 'GET', `/api/v1/work-orders?assigneeId=none&status=unassigned&limit=${planted.length}`, supervisor)) as {
    items: unknown[];
  };
  const orders = page.items.map((item) => WorkOrder.parse(item));
  if (orders.length < planted.length) throw new Error(`only ${orders.length} unassigned work orders`);
  await json(port, 'POST', '/api/v1/assignments', supervisor, {
    workOrderIds: orders.map((wo) => wo.id),
    technicianId: tech1.id,
    plannedDate: isoDayInVietnam(new Date()),
  });
  const at = new Date().toISOString();
  const photo = (i: number) => planted[i % planted.length]?.id ?? '';
  const completions = orders.map((wo, i): SwapCompleteArgs => ({
    completionId: randomUUID(),
    workOrderId: wo.id,
    baseVersion: wo.version + 1,
    removed: {
      serial: wo.oldMeterSerial,
      serialMatches: true,
      readings: { total: (wo.lastBilledReading ?? 0) + 100 },
      sealCondition: 'intact',
      photoIds: [photo(i)],
    },
    installed: {
      serial: `DTPDF${String(i).padStart(5, '0')}`,
      readings: { total: 0.1 },
      seals: [{ code: 'TC-1', beads: 2 }],
      photoIds: [photo(i + 1)],
    },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 5, at },
    handover: {
      signerName: 'Khách hàng',
      signerRole: 'customer',
      signaturePhotoId: photo(i + 2),
      cashless: { currentMethod: 'cash', consent: false },
    },
    completedAt: at,
  }));
  const pushed = PushResponse.parse(
    await json(port, 'POST', '/api/v1/sync/push', tech, {
      protocolVersion: 1,
      clientId: randomUUID(),
      mutations: completions.map((args, i) => ({ seq: i + 1, mutationId: randomUUID(), name: 'swap.complete', args, createdAt: at })),
    }),
  );
  const refused = pushed.results.filter((r) => !r.status.startsWith('applied'));
  if (refused.length > 0) throw new Error(`completions not applied: ${JSON.stringify(refused)}`);
  return completions.map((c) => c.completionId);
}

interface BackendResult {
  backend: string;
  seconds: number;
  clients: number;
  completions: number;
  /** /health with no PDF asked for (BASELINE_SECONDS), then under the PDF load. */
  healthWithoutPdfs: Probes;
  health: Probes;
  /** `withImages`: 200s that embedded a picture; each bad image must print as the placeholder instead. */
  pdfs: { answered: number; byStatus: Record<string, number>; withImages: number; errors: number; p50Ms: number; maxMs: number };
  process: { pid: number; samePid: boolean; alive: boolean; answersAfter: boolean; starts: number; stayedUp: boolean };
  rssMB: { before: number; peakSampled: number; after: number; afterIdle: number; highWaterMark: number };
}

async function measure(
  backend: 'sqlite' | 'postgres',
  images: readonly BadImage[],
  env: Record<string, string | undefined>,
  store: { databaseUrl?: string; dataDir?: string },
  dataDir: string,
): Promise<BackendResult> {
  const server: ServerProcess = await startServerProcess({ ...env, DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'warn' }, { timeoutMs: 120_000 });
  const killOnExit = () => server.killNow();
  process.once('exit', killOnExit);
  const { port } = server;
  const pid = server.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  try {
    const planted = await plant(images, store, dataDir);
    const completionIds = await complete(port, planted);
    const cookies = await Promise.all(Array.from({ length: CLIENTS }, () => login(port, 'supervisor1', PASSWORD)));
    const rssBefore = procMb(pid, 'VmRSS');

    // The same probes with no PDF asked for first: what this machine gives /health anyway (shared machines drift).
    const idle = startHealthProbes(port, pid);
    await new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000));
    const baseline = await idle.stop();

    const pdfAgent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const probes = startHealthProbes(port, pid);
    const byStatus: Record<string, number> = {};
    const pdfMs: number[] = [];
    let errors = 0;
    let withImages = 0;
    let next = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      cookies.map(async (cookie) => {
        while (performance.now() < until) {
          const id = completionIds[next++ % completionIds.length] ?? '';
          const started = performance.now();
          try {
            const res = await request(pdfAgent, port, 'GET', `/api/v1/completions/${id}/handover.pdf`, { cookie });
            pdfMs.push(performance.now() - started);
            byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
            if (res.status === 200 && !res.body.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error('a 200 that is not a PDF');
            // pdfkit writes one image XObject per picture it embeds.
            if (res.status === 200 && res.body.includes('/Subtype /Image')) withImages += 1;
            if (res.status === 503 && res.headers['retry-after'] === undefined) throw new Error('a 503 without Retry-After');
            // The pool says "busy": a phone waits as told; so does this client.
            if (res.status === 503) await new Promise((resolve) => setTimeout(resolve, 1000));
          } catch (error) {
            errors += 1;
            console.error(`PDF ${id}: ${error instanceof Error ? error.message : String(error)}`);
            // A connection refused (the server gone) must not spin: the figures will say what happened.
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      }),
    );
    const health = await probes.stop();
    pdfAgent.destroy();

    const rssAfter = procMb(pid, 'VmRSS');
    // What the workers held goes back when the pool retires them: the frozen renders of old kept ~1.5 GB for good.
    if (alive(pid)) await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
    const rssAfterIdle = procMb(pid, 'VmRSS');
    const highWaterMark = procMb(pid, 'VmHWM');
    const samePid = server.pid === pid;
    const isAlive = alive(pid);
    const answersAfter = await request(false, port, 'GET', '/api/v1/health', {}).then(
      (r) => r.status === 200,
      () => false,
    );
    const sortedPdf = [...pdfMs].sort((a, b) => a - b);
    return {
      backend,
      seconds: SECONDS,
      clients: CLIENTS,
      completions: completionIds.length,
      healthWithoutPdfs: summarizeProbes(baseline.ms, baseline.failed),
      health: summarizeProbes(health.ms, health.failed),
      pdfs: { answered: pdfMs.length, byStatus, withImages, errors, p50Ms: round(quantile(sortedPdf, 0.5)), maxMs: round(sortedPdf.at(-1) ?? NaN) },
      process: {
        pid,
        samePid,
        alive: isAlive,
        answersAfter,
        starts: server.starts,
        stayedUp: samePid && isAlive && answersAfter && server.starts === 1,
      },
      rssMB: {
        before: round(rssBefore),
        peakSampled: round(Math.max(health.peakRss, rssAfter)),
        after: round(rssAfter),
        afterIdle: round(rssAfterIdle),
        highWaterMark: round(highWaterMark),
      },
    };
  } finally {
    process.off('exit', killOnExit);
    await server.stop();
  }
}

async function main(): Promise<void> {
  const images = await badImages();
  const results: BackendResult[] = [];
  if (BACKEND !== 'postgres') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-pdf-load-'));
    try {
      results.push(await measure('sqlite', images, { DATABASE_URL: undefined }, { dataDir }, dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (BACKEND !== 'sqlite') {
    // A database of its own (a server process is configured by DATABASE_URL alone); its photos in a folder of its own.
    const name = `bench_pdf_load_${process.pid}`;
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-pdf-load-'));
    await onPostgresServer(PG_URL, (c) => c.query(`create database ${name}`));
    try {
      results.push(await measure('postgres', images, { DATABASE_URL: url.toString() }, { databaseUrl: url.toString() }, dataDir));
    } finally {
      await onPostgresServer(PG_URL, (c) => c.query(`drop database if exists ${name} with (force)`));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const label = (b: string) => (b === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const figures: Figure[] = results.flatMap((r) => {
    const b = label(r.backend);
    const ok = r.pdfs.byStatus['200'] ?? 0;
    const busy = r.pdfs.byStatus['503'] ?? 0;
    return [
      figure(`pdf: /health p99 before the load, no PDFs (${b})`, r.healthWithoutPdfs.p99, 'ms'),
      figure(`pdf: /health p50 under PDF load (${b})`, r.health.p50, 'ms'),
      figure(`pdf: /health p99 under PDF load (${b})`, r.health.p99, 'ms', { max: BUDGET_MS }),
      figure(`pdf: /health probes not answered 200 (${b})`, r.health.failed, 'probes', { max: 0 }),
      figure(`pdf: PDFs of bad images answered 200 (${b})`, ok, 'PDFs', { min: 1 }),
      figure(`pdf: PDFs answered 503 busy, Retry-After (${b})`, busy, 'PDFs'),
      figure(`pdf: PDFs that embedded a bad image, not the placeholder (${b})`, r.pdfs.withImages, 'PDFs', { max: 0 }),
      figure(`pdf: PDFs failed (other status, connection error) (${b})`, r.pdfs.answered - ok - busy + r.pdfs.errors, 'PDFs', { max: 0 }),
      figure(`pdf: server process stayed up, same pid (${b})`, r.process.stayedUp ? 1 : 0, 'yes=1', { min: 1 }),
      figure(`pdf: server peak RSS, VmHWM (${b})`, r.rssMB.highWaterMark, 'MB'),
      figure(`pdf: server RSS right after the load (${b})`, r.rssMB.after, 'MB'),
      figure(`pdf: server RSS ${IDLE_WAIT_MS / 1000} s after, workers retired (${b})`, r.rssMB.afterIdle, 'MB'),
    ];
  });
  for (const r of results) {
    console.log(
      `${r.backend}: ${r.clients} clients × ${r.seconds} s over ${r.completions} records; health without PDFs ${JSON.stringify(r.healthWithoutPdfs)}, under PDF load ${JSON.stringify(r.health)}; PDFs ${JSON.stringify(r.pdfs)}; process ${JSON.stringify(r.process)}; RSS MB ${JSON.stringify(r.rssMB)}`,
    );
  }
  console.log(`\n${formatTable(figures)}`);
  writeFigures('pdf', figures);
  writeFileSync(
    path.join(RESULTS_DIR, 'pdfLoad.json'),
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        probeMs: PROBE_MS,
        images: images.map((i) => ({ name: i.name, mime: i.mime, bytes: i.bytes.length })),
        results,
      },
      null,
      2,
    )}\n`,
  );
  // Quieter than the budgets: a crash is worth failing the bench even when no figure could be written for it.
  if (results.some((r) => !r.process.stayedUp)) {
    console.error('the server process did not stay up');
    process.exit(1);
  }
}

await main();
