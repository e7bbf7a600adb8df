/**
 * Issue 14: our sync beside the classic offline-first stack, on the same day of work (bench/lib/syncWorkload.ts:
 * 500 swaps, 4 photos of 200 KiB and a 10 KiB signature each, ≈ 415 MB).
 *
 * - Loopback: PouchDB 9 on LevelDB → express-pouchdb (bench/lib/pouchPeer.ts, its packages in bench/peers/) and our
 *   PWA in Chromium with its real IndexedDB → our server process (bench/lib/ourDrain.ts), on SQLite and on
 *   PostgreSQL, alternated run by run (PouchDB, ours on SQLite, ours on PostgreSQL, again), each verified on the
 *   server afterwards. The budget is the ratio of the medians, ours ÷ PouchDB ≤ 0.33, which cancels out how busy the
 *   shared machine is; beside it records/s, MB/s, wire ÷ payload (≤ 1.02), CPU per photo of device and server, peak RSS.
 * - Field links, our PWA only, through network namespaces with netem: 20 Mbit/s up with 100 ms round trip (30 swaps:
 *   the issue's "30 swaps and 150 photos") and 1 Mbit/s with 300 ms (3 swaps: the bytes alone take 20 s). Budget:
 *   link utilisation = payload ÷ (bandwidth × drain time) ≥ 0.9.
 *   Beside it, plain TCP's utilisation over the same link with the same bytes (./lib/linkCeiling.ts, 4 connections):
 *   headers, handshake and slow start keep even that below 1 (measured 0.86–0.89), so "ours ÷ raw TCP" says how much
 *   of the link the app itself leaves unused.
 * - `--before DIR`: also drains through the checkout in DIR (a worktree of an older commit, built: DIR/dist), in the
 *   same alternation, and sets the CPU-per-photo budgets to half of its figures (issue 14: "at most half of today's").
 *
 *   node --import tsx bench/sync.ts [--runs 2] [--swaps 500] [--before DIR] [--no-links] [--no-loopback] [--backends sqlite,postgres] [--port 8610]
 *
 * Writes bench/results/sync.figures.json and bench/results/sync.json (every drain's DrainResult).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DrainResult } from './lib/drainResult';
import { figure, formatTable, RESULTS_DIR, writeFigures, type Figure } from './lib/figures';
import { measureLinkCeiling } from './lib/linkCeiling';
import { runOurDrain } from './lib/ourDrain';
import { ensurePeers, runPouchDrain } from './lib/pouchPeer';
import { SYNC_WORKLOAD } from './lib/syncWorkload';
import { median } from './lib/technicianDevice';

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
const RUNS = Number(args.get('runs') ?? 2);
const SWAPS = Number(args.get('swaps') ?? SYNC_WORKLOAD.swaps);
const BEFORE = args.get('before');
/** Our server's port (the proxy takes the next one): two benches on one machine need different ones. */
const PORT = args.has('port') ? Number(args.get('port')) : undefined;
const ourPort = PORT === undefined ? {} : { port: PORT };
const BACKENDS = (args.get('backends') ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const LINKS = [
  { name: '20 Mbit/s, 100 ms', link: { upMbit: 20, downMbit: 20, rttMs: 100 }, swaps: Number(args.get('swaps-20') ?? 30) },
  { name: '1 Mbit/s, 300 ms', link: { upMbit: 1, downMbit: 1, rttMs: 300 }, swaps: Number(args.get('swaps-1') ?? 3) },
];
const RATIO_BUDGET = 0.33;
const WIRE_BUDGET = 1.02;
const UTILISATION_BUDGET = 0.9;

const results: (DrainResult & { label: string })[] = [];
const figures: Figure[] = [];

function log(label: string, r: DrainResult): void {
  console.log(
    `${label.padEnd(22)} ${r.wallSeconds.toFixed(2).padStart(7)} s  ${(r.swaps / r.wallSeconds).toFixed(1)} records/s  ` +
      `${(r.payloadBytes / 1e6 / r.wallSeconds).toFixed(1)} MB/s  wire ÷ payload ${(r.wireBytesUp / r.payloadBytes).toFixed(3)}  ` +
      `CPU client ${r.clientCpuSeconds.toFixed(1)} s, server ${r.serverCpuSeconds.toFixed(1)} s  ` +
      `peak RSS client ${r.clientPeakRssMB.toFixed(0)} MB, server ${r.serverPeakRssMB.toFixed(0)} MB  ` +
      `verified ${r.verified.records} records, ${r.verified.photos} photos`,
  );
}

async function drain(label: string, run: () => Promise<DrainResult>): Promise<void> {
  const r = await run();
  log(label, r);
  results.push({ ...r, label });
}

const of = (label: string) => results.filter((r) => r.label === label);
const med = (label: string, pick: (r: DrainResult) => number) => median(of(label).map(pick));
const perPhotoMs = (seconds: (r: DrainResult) => number) => (r: DrainResult) => (seconds(r) * 1000) / r.photos;

/** The figures of one stack's drains (medians over its runs). */
function stackFigures(label: string, prefix: string, budgets: { clientMs?: number; serverMs?: number } = {}): void {
  figures.push(
    figure(
      `${prefix}: drain time`,
      med(label, (r) => r.wallSeconds),
      's',
    ),
    figure(
      `${prefix}: records/s`,
      med(label, (r) => r.swaps / r.wallSeconds),
      'records/s',
    ),
    figure(
      `${prefix}: MB/s`,
      med(label, (r) => r.payloadBytes / 1e6 / r.wallSeconds),
      'MB/s',
    ),
    figure(
      `${prefix}: wire ÷ payload`,
      med(label, (r) => r.wireBytesUp / r.payloadBytes),
      'ratio',
      label.startsWith('pouchdb') ? null : { max: WIRE_BUDGET },
    ),
    figure(
      `${prefix}: client CPU per photo`,
      med(
        label,
        perPhotoMs((r) => r.clientCpuSeconds),
      ),
      'ms',
      budgets.clientMs === undefined ? null : { max: budgets.clientMs },
    ),
    figure(
      `${prefix}: server CPU per photo`,
      med(
        label,
        perPhotoMs((r) => r.serverCpuSeconds),
      ),
      'ms',
      budgets.serverMs === undefined ? null : { max: budgets.serverMs },
    ),
    figure(
      `${prefix}: client peak RSS`,
      med(label, (r) => r.clientPeakRssMB),
      'MB',
    ),
    figure(
      `${prefix}: server peak RSS`,
      med(label, (r) => r.serverPeakRssMB),
      'MB',
    ),
  );
}

if (args.get('no-loopback') !== 'true') {
  await ensurePeers();
  for (let run = 1; run <= RUNS; run++) {
    console.log(`— loopback, run ${run} of ${RUNS}`);
    await drain('pouchdb', () => runPouchDrain(SYNC_WORKLOAD, { swaps: SWAPS }));
    for (const backend of BACKENDS) {
      await drain(`ours ${backend}`, () => runOurDrain(SYNC_WORKLOAD, { swaps: SWAPS, backend, ...ourPort }));
      if (BEFORE !== undefined) {
        await drain(`before ${backend}`, () =>
          runOurDrain(SYNC_WORKLOAD, { swaps: SWAPS, backend, root: BEFORE, dist: path.join(BEFORE, 'dist'), ...ourPort }),
        );
      }
    }
  }
  stackFigures('pouchdb', 'sync loopback, PouchDB → express-pouchdb');
  for (const backend of BACKENDS) {
    const halfOf = (pick: (r: DrainResult) => number) => (BEFORE === undefined ? undefined : med(`before ${backend}`, perPhotoMs(pick)) / 2);
    if (BEFORE !== undefined) {
      stackFigures(`before ${backend}`, `sync loopback, before (${path.basename(BEFORE)}) on ${backend}`);
      figures.push(
        figure(
          `sync loopback, before on ${backend}: ÷ PouchDB`,
          med(`before ${backend}`, (r) => r.wallSeconds) / med('pouchdb', (r) => r.wallSeconds),
          'ratio',
        ),
      );
    }
    stackFigures(`ours ${backend}`, `sync loopback, ours on ${backend}`, {
      clientMs: halfOf((r) => r.clientCpuSeconds),
      serverMs: halfOf((r) => r.serverCpuSeconds),
    });
    figures.push(
      figure(
        `sync loopback, ours on ${backend}: ÷ PouchDB`,
        med(`ours ${backend}`, (r) => r.wallSeconds) / med('pouchdb', (r) => r.wallSeconds),
        'ratio',
        { max: RATIO_BUDGET },
      ),
    );
  }
}

if (args.get('no-links') !== 'true') {
  for (const { name, link, swaps } of LINKS) {
    const label = `link ${name}`;
    await drain(label, () => runOurDrain(SYNC_WORKLOAD, { swaps, link, backend: 'sqlite', ...ourPort }));
    if (BEFORE !== undefined) {
      await drain(`before ${label}`, () =>
        runOurDrain(SYNC_WORKLOAD, { swaps, link, backend: 'sqlite', root: BEFORE, dist: path.join(BEFORE, 'dist'), ...ourPort }),
      );
    }
    const utilisation = (r: DrainResult) => r.payloadBytes / (((r.link?.upMbit ?? link.upMbit) * 1e6) / 8) / r.wallSeconds;
    // Plain TCP over the same link with the same payload, 4 connections like the photo queue: the ceiling.
    const payload = med(label, (r) => r.payloadBytes);
    const ceiling = await measureLinkCeiling(link, payload, { flows: 4 });
    console.log(
      `${`raw TCP ${name}`.padEnd(22)} ${ceiling.seconds.toFixed(2).padStart(7)} s  utilisation ${ceiling.utilisation.toFixed(3)} (4 flows, ${(payload / 1e6).toFixed(2)} MB)`,
    );
    if (BEFORE !== undefined) figures.push(figure(`sync link ${name}, before: utilisation`, med(`before ${label}`, utilisation), 'ratio'));
    figures.push(
      figure(
        `sync link ${name}, ours: drain time (${swaps} swaps)`,
        med(label, (r) => r.wallSeconds),
        's',
      ),
      figure(`sync link ${name}, ours: utilisation`, med(label, utilisation), 'ratio', { min: UTILISATION_BUDGET }),
      figure(`sync link ${name}, raw TCP (4 flows, same bytes): utilisation`, ceiling.utilisation, 'ratio'),
      figure(`sync link ${name}, ours ÷ raw TCP`, med(label, utilisation) / ceiling.utilisation, 'ratio'),
    );
  }
}

writeFileSync(path.join(RESULTS_DIR, 'sync.json'), `${JSON.stringify({ at: new Date().toISOString(), runs: results }, null, 2)}\n`);
writeFigures('sync', figures);
console.log(`\n${formatTable(figures)}`);
