/**
 * Lighthouse (mobile preset: Moto G Power screen, simulated slow 4G and 4× CPU) on the technician's list page, signed
 * in with 500 work orders for today (issue 7, `npm run bench` item 6). Lighthouse 13 (results before December 2026
 * are 12.8.2's: the performance score has the same metrics and weights; 13 reweighted accessibility, which the budget
 * of 100, every audit passing, does not feel) drives a Chromium that Playwright launched with a debugging port and
 * signed in through the real screen: Lighthouse opens its own tab in that profile, so the session (cookie), the
 * device's user (localStorage) and its work orders (IndexedDB) are there; before each run Lighthouse clears the HTTP
 * cache, the service worker and its caches (its default), so every run is a first load of the app's files by a
 * signed-in technician.
 *
 *   npm run build && npm run bench:lighthouse [-- --runs 3 --orders 500 --dist dist]
 *
 * Writes bench/results/lighthouse.figures.json (performance: median of the runs; accessibility: the lowest),
 * bench/results/lighthouse.json (metrics, opportunities and failing audits of every run) and the median run's
 * report as bench/out/lighthouse.html (and its raw result, bench/out/lighthouse.lhr.json).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import lighthouse, { type Result } from 'lighthouse';
import { figure, formatTable, RESULTS_DIR, writeFigures } from './lib/figures';
import {
  CHROMIUM_ARGS,
  chromiumExecutable,
  freePort,
  giveTechnicianWorkForToday,
  median,
  PHONE,
  requireBuild,
  signInAndSettle,
  startServer,
} from './lib/technicianDevice';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const RUNS = Number(args.get('runs') ?? 3);
const ORDERS = Number(args.get('orders') ?? 500);
const DIST = args.get('dist') ?? 'dist';
const TECHNICIAN = 'tech1';
const PERFORMANCE_BUDGET = 95;
const ACCESSIBILITY_BUDGET = 100;
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'speed-index',
  'total-blocking-time',
  'cumulative-layout-shift',
  'interactive',
  'max-potential-fid',
];

interface RunSummary {
  performance: number;
  accessibility: number;
  metrics: Record<string, { value: number | undefined; score: number | null }>;
  /** Opportunities (estimated savings) and diagnostics Lighthouse flags, worst first. */
  flagged: { id: string; title: string; score: number | null; displayValue?: string; savingsMs?: number; savingsBytes?: number }[];
  accessibilityFailures: { id: string; title: string; items: string[] }[];
  warnings: string[];
}

function summarize(lhr: Result): RunSummary {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const metrics = Object.fromEntries(METRICS.map((id) => [id, { value: lhr.audits[id]?.numericValue, score: lhr.audits[id]?.score ?? null }]));
  const performanceRefs = new Set((lhr.categories.performance?.auditRefs ?? []).map((r) => r.id));
  const flagged = Object.values(lhr.audits)
    .filter(
      (a) =>
        performanceRefs.has(a.id) &&
        !METRICS.includes(a.id) &&
        a.score !== null &&
        a.score < 0.9 &&
        a.scoreDisplayMode !== 'informative' &&
        a.scoreDisplayMode !== 'notApplicable',
    )
    .map((a) => {
      const details = a.details as { overallSavingsMs?: number; overallSavingsBytes?: number } | undefined;
      return {
        id: a.id,
        title: a.title,
        score: a.score,
        ...(a.displayValue === undefined ? {} : { displayValue: a.displayValue }),
        ...(details?.overallSavingsMs === undefined ? {} : { savingsMs: details.overallSavingsMs }),
        ...(details?.overallSavingsBytes === undefined ? {} : { savingsBytes: details.overallSavingsBytes }),
      };
    })
    .sort((a, b) => (a.score ?? 1) - (b.score ?? 1));
  const accessibilityFailures = (lhr.categories.accessibility?.auditRefs ?? [])
    .map((ref) => lhr.audits[ref.id])
    .filter((a): a is NonNullable<typeof a> => a !== undefined && a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map((a) => {
      const items = ((a.details as { items?: { node?: { snippet?: string; explanation?: string } }[] } | undefined)?.items ?? []).map((i) =>
        `${i.node?.snippet ?? ''} ${i.node?.explanation ?? ''}`.trim(),
      );
      return { id: a.id, title: a.title, items };
    });
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    metrics,
    flagged,
    accessibilityFailures,
    warnings: lhr.runWarnings.map(String),
  };
}

async function main(): Promise<void> {
  requireBuild(DIST);
  const server = await startServer(DIST);
  const profile = mkdtempSync(join(tmpdir(), 'bench-lighthouse-profile-'));
  const port = await freePort();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
    headless: true,
    baseURL: server.base,
    ...PHONE,
  });
  try {
    const work = await giveTechnicianWorkForToday(server.base, { supervisor: 'supervisor1', username: TECHNICIAN, count: ORDERS });
    const page = context.pages()[0] ?? (await context.newPage());
    await signInAndSettle(page, TECHNICIAN, ORDERS);
    // One tab of the app at a time: the sync engine holds a lock per user that Lighthouse's tab would wait for.
    await page.goto('about:blank');

    const runs: { summary: RunSummary; lhr: Result; report: string }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(`${server.base}/`, {
        port,
        output: 'html',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        disableFullPageScreenshot: true,
      });
      if (result === undefined) throw new Error('lighthouse returned nothing');
      const summary = summarize(result.lhr);
      runs.push({ summary, lhr: result.lhr, report: typeof result.report === 'string' ? result.report : (result.report[0] ?? '') });
      const m = summary.metrics;
      console.log(
        `lighthouse ${i + 1}/${RUNS}: performance ${summary.performance}, accessibility ${summary.accessibility}; ` +
          `FCP ${m['first-contentful-paint']?.value?.toFixed(0)} ms, LCP ${m['largest-contentful-paint']?.value?.toFixed(0)} ms, ` +
          `TBT ${m['total-blocking-time']?.value?.toFixed(0)} ms, SI ${m['speed-index']?.value?.toFixed(0)} ms, CLS ${m['cumulative-layout-shift']?.value?.toFixed(3)}`,
      );
    }

    const performances = runs.map((r) => r.summary.performance);
    const medianRun = [...runs].sort((a, b) => a.summary.performance - b.summary.performance)[Math.floor(runs.length / 2)] ?? runs[0];
    const figures = [
      figure(`lighthouse mobile performance, technician list with ${ORDERS} orders (median of ${RUNS})`, median(performances), 'score', {
        min: PERFORMANCE_BUDGET,
      }),
      figure(`lighthouse mobile accessibility, technician list (lowest of ${RUNS})`, Math.min(...runs.map((r) => r.summary.accessibility)), 'score', {
        min: ACCESSIBILITY_BUDGET,
      }),
    ];
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(
      join(RESULTS_DIR, 'lighthouse.json'),
      `${JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          lighthouseVersion: runs[0]?.lhr.lighthouseVersion,
          settings: {
            formFactor: runs[0]?.lhr.configSettings.formFactor,
            throttlingMethod: runs[0]?.lhr.configSettings.throttlingMethod,
            throttling: runs[0]?.lhr.configSettings.throttling,
          },
          page: 'the technician list (/) of a signed-in technician, first load of the app files (Lighthouse cleared the HTTP cache and the service worker), work orders already on the device',
          technician: { username: TECHNICIAN, ordersToday: ORDERS, ...work },
          runs: runs.map((r) => r.summary),
          figures,
        },
        null,
        2,
      )}\n`,
    );
    mkdirSync('bench/out', { recursive: true });
    if (medianRun !== undefined) {
      writeFileSync('bench/out/lighthouse.html', medianRun.report);
      writeFileSync('bench/out/lighthouse.lhr.json', JSON.stringify(medianRun.lhr));
    }
    writeFigures('lighthouse', figures);
    if (medianRun !== undefined) {
      for (const f of medianRun.summary.flagged)
        console.log(`flagged: ${f.id} (${f.score}) ${f.displayValue ?? ''}${f.savingsMs === undefined ? '' : ` saves ~${f.savingsMs} ms`}`);
      for (const f of medianRun.summary.accessibilityFailures) console.log(`accessibility: ${f.id}: ${f.items.slice(0, 3).join(' | ')}`);
    }
    console.log(`\n${formatTable(figures)}`);
  } finally {
    // The server first: should closing the browser stall, Node may exit with nothing left to wait for.
    await server.stop();
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
