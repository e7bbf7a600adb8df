/**
 * `npm run bench`: every benchmark of issue 7 on this machine, one after the other (they would disturb each other
 * on a 2-core machine), then one table and `bench/results.json` (CPU count, commit, one entry per figure:
 * `{name, value, unit, budget, pass}`). Exits 1 when a budget is missed or a benchmark fails.
 *
 *   npm run bench [-- --only push,map] [-- --quick]
 *
 * `--quick` runs smaller sizes (a 100,000-order pull database, fewer swaps per device): for trying the benches
 * out; the budgets are meant for the full sizes. Each benchmark writes `bench/results/<name>.figures.json`
 * (bench/lib/figures.ts) and its details beside it.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { budgetText, formatTable, RESULTS_DIR, type Figure } from './lib/figures';

interface Bench {
  name: string;
  /** What it measures, for the table's headings. */
  title: string;
  script: string;
  args: string[];
  quickArgs: string[];
  /** Needs the built app in dist/. */
  needsBuild?: boolean;
}

const BENCHES: Bench[] = [
  {
    name: 'push',
    title: 'Server ingest (swaps/s) beside a no-op endpoint',
    script: 'bench/push-throughput.ts',
    args: [],
    quickArgs: ['--per-device', '30'],
  },
  {
    name: 'sync',
    title: 'Sync drain beside PouchDB (loopback), and over field links',
    script: 'bench/sync.ts',
    args: [],
    quickArgs: ['--swaps', '50', '--runs', '1'],
    needsBuild: true,
  },
  {
    name: 'photo-cpu',
    title: 'Server CPU per photo, batches of 8 through POST /api/v1/photos',
    script: 'bench/photoCpu.ts',
    args: [],
    quickArgs: ['--runs', '1', '--photos', '160'],
  },
  { name: 'pull', title: "A technician's full pull in a big database", script: 'bench/pull.ts', args: [], quickArgs: ['--size', '100000'] },
  { name: 'wire', title: 'Bytes on the wire per swap', script: 'bench/wire.ts', args: [], quickArgs: [] },
  { name: 'device', title: 'Device: slow phone, slow 4G', script: 'bench/device.ts', args: [], quickArgs: [], needsBuild: true },
  { name: 'lighthouse', title: 'Lighthouse, mobile preset', script: 'bench/lighthouse.ts', args: [], quickArgs: [], needsBuild: true },
  { name: 'map', title: 'Supervisor map, ours vs Leaflet.markercluster', script: 'bench/map.mjs', args: [], quickArgs: ['--points', '100000'] },
  { name: 'pdf', title: 'The API beside handover PDFs of bad images', script: 'bench/pdfLoad.ts', args: [], quickArgs: ['--seconds', '8'] },
  {
    name: 'import',
    title: "The API during one supervisor's 200,000-row import",
    script: 'bench/importLoad.ts',
    args: [],
    quickArgs: ['--rows', '50000'],
  },
  { name: 'roadmap', title: "Planning a commune's roadmap", script: 'bench/roadmap.ts', args: [], quickArgs: ['--runs', '3'] },
];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? '').split(',')) : null;
const selected = BENCHES.filter((b) => only === null || only.has(b.name));
const root = path.resolve(import.meta.dirname, '..');

/** `npx` and the tools' `#!/usr/bin/env node` find `node` on PATH: put this process's Node first, so all run on one. */
const sameNodePath = [path.dirname(process.execPath), process.env.PATH].join(path.delimiter);

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: sameNodePath } });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const started = new Date();
const runs: { name: string; ok: boolean; seconds: number; error?: string }[] = [];
/** Every figure with the bench that measured it (`--only` keeps the other benches' figures of the last run). */
type BenchFigure = Figure & { bench: string };
const figures: BenchFigure[] = [];

if (selected.some((b) => b.needsBuild)) {
  console.log('\n▶ build (vite build: the device benches measure the app as it ships)');
  if ((await run('npx', ['vite', 'build', '--logLevel', 'warn'])) !== 0) {
    console.error('The build failed; the device benches cannot run.');
    process.exit(1);
  }
}

for (const bench of selected) {
  const file = path.join(RESULTS_DIR, `${bench.name}.figures.json`);
  rmSync(file, { force: true });
  console.log(`\n▶ ${bench.name}: ${bench.title}`);
  const t0 = performance.now();
  if (!existsSync(path.join(root, bench.script))) {
    runs.push({ name: bench.name, ok: false, seconds: 0, error: `${bench.script} is missing` });
    continue;
  }
  const code = await run(process.execPath, ['--expose-gc', '--import', 'tsx', bench.script, ...bench.args, ...(quick ? bench.quickArgs : [])]);
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  if (code !== 0 || !existsSync(file)) {
    runs.push({ name: bench.name, ok: false, seconds, error: code !== 0 ? `exit code ${code}` : 'wrote no figures' });
    continue;
  }
  const written = JSON.parse(readFileSync(file, 'utf8')) as { figures: Figure[] };
  figures.push(...written.figures.map((f) => ({ ...f, bench: bench.name })));
  runs.push({ name: bench.name, ok: true, seconds });
}

const missed = figures.filter((f) => f.pass === false);
const failed = runs.filter((r) => !r.ok);
const report = {
  at: started.toISOString(),
  commit: git('rev-parse', 'HEAD'),
  dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  node: process.version,
  quick,
  benches: runs,
  figures,
};
// The whole run, or only the selected benches of it: results.json keeps what was measured last for each bench.
const resultsFile = path.join(root, 'bench', 'results.json');
if (only !== null && existsSync(resultsFile)) {
  const previous = JSON.parse(readFileSync(resultsFile, 'utf8')) as typeof report;
  report.figures = [...previous.figures.filter((f) => !only.has(f.bench)), ...figures];
  report.benches = [...previous.benches.filter((b) => !only.has(b.name)), ...runs];
}
writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);

console.log(`\n${formatTable(report.figures)}`);
console.log(
  `\n${os.cpus().length} CPUs (${report.cpuModel}), commit ${report.commit.slice(0, 12)}${report.dirty ? ' (uncommitted changes)' : ''}, ${quick ? 'QUICK sizes' : 'full sizes'}`,
);
for (const r of runs)
  console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(10)} ${String(r.seconds).padStart(7)} s${r.error ? `  ${r.error}` : ''}`);
for (const f of missed) console.log(`  over budget: ${f.name} = ${f.value} ${f.unit} (budget ${budgetText(f.budget)})`);
console.log(`written ${path.relative(root, resultsFile)}`);
process.exit(missed.length > 0 || failed.length > 0 ? 1 : 0);
