// Map with 100,000 work orders in Chromium: the console map's layer (supercluster + canvas, the code of
// src/features/console/map/clusterLayer.ts) against Leaflet.markercluster on the same synthetic data, same run.
//
//   npm run bench:map [-- --points 100000 --runs 1]
//
// Measures time to first render (layer creation until the browser painted it: indexing included), then frame
// times while the mouse drags the map at three zoom levels, and CDP Performance.getMetrics deltas over the
// panning. Chromium runs with its frame-rate limit off (no vsync), so a frame takes as long as its work and no
// longer: a pan frame (from a pointer move until the frame showing it is done) of 9 ms reads 9 ms, not the
// 16.7 ms of a 60 Hz display. Prints a side-by-side table; writes bench/results/map.json and the figures for `npm run bench`
// (p95 pan frame ≤ 16 ms at 100,000 orders). The page is bench/map/main.ts bundled with esbuild into .tmp/bench-map.
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { figure, writeFigures } from './lib/figures.ts';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const POINTS = Number(option('points', 100_000));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--disable-frame-rate-limit',
  '--disable-gpu-vsync',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-extensions',
  '--disable-default-apps',
];
const IMPLEMENTATIONS = ['supercluster', 'markercluster'];
/** Zoom levels panned: the whole country, a province, a district. */
const PAN_ZOOMS = [6, 9, 12];
const DRAGS_PER_ZOOM = 3;
const DRAG_STEPS = 30;
const DRAG_STEP_PX = 12;
/** Wall-clock budget for one implementation's panning: past it the remaining drags are skipped (and counted). */
const PAN_BUDGET_MS = Number(option('budget-ms', 120_000));

const outDir = join(process.cwd(), '.tmp', 'bench-map');
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: ['bench/map/main.ts'],
  bundle: true,
  format: 'esm',
  outdir: outDir,
  loader: { '.png': 'dataurl' },
  logLevel: 'warning',
  minify: true,
});
copyFileSync('bench/map/index.html', join(outDir, 'index.html'));

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = join(outDir, new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'));
  let body;
  try {
    body = readFileSync(path);
  } catch {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const round = (n) => Math.round(n * 10) / 10;

async function measure(browser, impl) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('crash', () => console.error(`${impl}: the page crashed`));
  page.on('pageerror', (e) => console.error(`${impl}: ${e.message}`));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${origin}/?impl=${impl}&n=${POINTS}`);
  const first = await page.evaluate(() => window.benchResult);
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  await page.evaluate(() => {
    window.frameDeltas = [];
    window.panFrames = [];
    // A pan frame lasts from the pointer move (its handlers run first: capture on window) until the frame that
    // shows it is done, which with no vsync is when the frame after it starts.
    let moveStart = null;
    let rendering = false;
    addEventListener(
      'pointermove',
      () => {
        if (moveStart === null) moveStart = performance.now();
      },
      { capture: true },
    );
    let last = performance.now();
    const tick = (now) => {
      window.frameDeltas.push(now - last);
      if (rendering) {
        window.panFrames.push(now - moveStart);
        moveStart = null;
        rendering = false;
      } else if (moveStart !== null) {
        rendering = true;
      }
      last = now;
      if (window.recording) requestAnimationFrame(tick);
    };
    window.recording = true;
    requestAnimationFrame(tick);
  });
  const panStarted = Date.now();
  let drags = 0;
  for (const zoom of PAN_ZOOMS) {
    if (Date.now() - panStarted > PAN_BUDGET_MS) break;
    if (zoom !== PAN_ZOOMS[0]) {
      await page.evaluate(([lat, lng, z]) => window.benchMap.setView([lat, lng], z, { animate: false }), [...first.firstPoint, zoom]);
      await page.waitForTimeout(300);
    }
    for (let d = 0; d < DRAGS_PER_ZOOM && Date.now() - panStarted < PAN_BUDGET_MS; d += 1) {
      drags += 1;
      const dir = d % 2 === 0 ? 1 : -1;
      await page.mouse.move(640, 400);
      await page.mouse.down();
      for (let s = 1; s <= DRAG_STEPS; s += 1) await page.mouse.move(640 + dir * s * DRAG_STEP_PX, 400 + dir * s * (DRAG_STEP_PX / 2));
      await page.mouse.up();
      await page.waitForTimeout(200);
    }
  }
  const panWallMs = Date.now() - panStarted;
  const { frames, panFrames } = await page.evaluate(() => {
    window.recording = false;
    return { frames: window.frameDeltas.slice(1), panFrames: window.panFrames };
  });
  const after = await metrics();
  await page.close();
  const delta = (name) => (after[name] ?? 0) - (before[name] ?? 0);
  return {
    impl,
    points: POINTS,
    firstRenderMs: round(first.firstRenderMs),
    indexOrAddLayersMs: round(first.indexMs),
    dragsDone: `${drags}/${PAN_ZOOMS.length * DRAGS_PER_ZOOM}`,
    panWallMs,
    frames: frames.length,
    panFrames: panFrames.length,
    meanPanFrameMs: round(panFrames.reduce((a, b) => a + b, 0) / Math.max(1, panFrames.length)),
    p95PanFrameMs: round(percentile(panFrames, 95)),
    maxFrameMs: round(Math.max(...frames)),
    framesOver50Ms: frames.filter((f) => f > 50).length,
    panScriptMs: round(delta('ScriptDuration') * 1000),
    panTaskMs: round(delta('TaskDuration') * 1000),
    panLayoutMs: round(delta('LayoutDuration') * 1000),
    heapUsedMb: round((after.JSHeapUsedSize ?? 0) / 1024 / 1024),
    domNodes: after.Nodes ?? null,
  };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const results = [];
try {
  for (const impl of IMPLEMENTATIONS) results.push(await measure(browser, impl));
} finally {
  await browser.close();
  server.close();
}

const rows = Object.keys(results[0]).filter((k) => k !== 'impl');
const width = Math.max(...rows.map((r) => r.length));
console.log(`${'metric'.padEnd(width)}  ${IMPLEMENTATIONS.map((i) => i.padStart(14)).join('  ')}`);
for (const row of rows) console.log(`${row.padEnd(width)}  ${results.map((r) => String(r[row]).padStart(14)).join('  ')}`);

mkdirSync('bench/results', { recursive: true });
const report = {
  bench: 'map',
  at: new Date().toISOString(),
  chromium: CHROMIUM,
  viewport: '1280x800',
  panZooms: PAN_ZOOMS,
  dragsPerZoom: DRAGS_PER_ZOOM,
  results,
};
writeFileSync('bench/results/map.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('written bench/results/map.json');

const [ours, peer] = results;
const n = `${POINTS.toLocaleString('en')} orders`;
writeFigures('map', [
  figure(`map ${n}: first render, ours`, ours.firstRenderMs, 'ms'),
  figure(`map ${n}: first render, markercluster`, peer.firstRenderMs, 'ms'),
  figure(`map ${n}: first render, markercluster ÷ ours`, round(peer.firstRenderMs / ours.firstRenderMs), 'ratio'),
  figure(`map ${n}: p95 pan frame, ours`, ours.p95PanFrameMs, 'ms', { max: 16 }),
  figure(`map ${n}: p95 pan frame, markercluster`, peer.p95PanFrameMs, 'ms'),
  figure(`map ${n}: mean pan frame, markercluster ÷ ours`, round(peer.meanPanFrameMs / ours.meanPanFrameMs), 'ratio'),
  figure(`map ${n}: longest frame while panning, ours`, ours.maxFrameMs, 'ms'),
  figure(`map ${n}: longest frame while panning, markercluster`, peer.maxFrameMs, 'ms'),
  figure(`map ${n}: pans completed, markercluster`, Number(peer.dragsDone.split('/')[0]), `of ${PAN_ZOOMS.length * DRAGS_PER_ZOOM}`),
]);
