// `npm test`: every check and suite, in order, then one line `N passed, N failed, N skipped` summing them all.
// Lint and typecheck count as one check each; Vitest (unit + server) and Playwright report per test.
// Server suites also run on PostgreSQL when TEST_DATABASE_URL is set (.ci/run sets it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const tmp = join(process.cwd(), '.tmp');
mkdirSync(tmp, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- unit server` runs just those steps
// Every step runs on the Node running this script: `npx`, `npm` and each tool's `#!/usr/bin/env node` find `node` on
// PATH, which may name another version than this one (.ci/run runs the suite on Node 24 where the machine has 20, and
// a native module built for one major does not load under another).
const sameNodePath = [dirname(process.execPath), process.env.PATH].join(delimiter);

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PATH: sameNodePath, ...env } });
  return result.status === 0;
}

function check(label, command, args) {
  if (only.size > 0 && !only.has(label)) return;
  const ok = run(label, command, args);
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(label);
  }
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function vitest({ label = 'vitest', args = [], env = {} } = {}) {
  if (only.size > 0 && !only.has(label)) return;
  const out = join(tmp, `${label.replace(/[^a-z0-9]+/gi, '-')}.json`);
  rmSync(out, { force: true });
  const ok = run(label, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  const report = readJson(out);
  if (!report) {
    totals.failed += 1;
    failures.push(`${label} (no report: the runner itself failed)`);
    return;
  }
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  if (!ok && report.numFailedTests === 0) {
    totals.failed += 1; // a suite that failed to load has no failed test but must still fail the run
    failures.push(`${label} (a test file failed to load)`);
  } else if (!ok) failures.push(label);
}

/**
 * The server suites again with every process's real clock a year ahead (tests/support/clockShift.mjs): a test that
 * lets a fixed date meet the real clock fails here a year before it would fail on everyone's checkout.
 */
function vitestClockAhead() {
  const shift = join(process.cwd(), 'tests', 'support', 'clockShift.mjs');
  vitest({
    label: 'vitest-clock-ahead',
    args: ['--project', 'server'],
    env: { TEST_CLOCK_SHIFT_DAYS: '366', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${shift}`.trim() },
  });
}

function playwright() {
  if (only.size > 0 && !only.has('e2e')) return;
  if (!run('build', 'npx', ['vite', 'build', '--logLevel', 'warn'])) {
    totals.failed += 1;
    failures.push('build');
    return;
  }
  const out = join(tmp, 'playwright.json');
  rmSync(out, { force: true });
  const ok = run('e2e', 'npx', ['playwright', 'test'], { PW_JSON_OUTPUT: out });
  const report = readJson(out);
  if (!report) {
    totals.failed += 1;
    failures.push('e2e (no report: the runner itself failed)');
    return;
  }
  const stats = report.stats;
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
  if (!ok && stats.unexpected === 0) {
    totals.failed += 1;
    failures.push('e2e (runner error)');
  } else if (!ok) failures.push('e2e');
}

console.log(`Node ${process.version} (${process.execPath})`);
check('lint', 'npm', ['run', '--silent', 'lint']);
check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
vitest();
vitestClockAhead();
playwright();

if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
