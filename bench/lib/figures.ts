/**
 * One figure of `npm run bench`: what each benchmark reports and `bench/run.ts` gathers into `bench/results.json`.
 * A budget is a bound the figure must keep (`max` for "at most", `min` for "at least"); figures without one are
 * reported for reading (absolute times drift on shared machines; the ratios beside them are what to compare).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Budget {
  max?: number;
  min?: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  budget: Budget | null;
  pass: boolean | null;
}

export function figure(name: string, value: number, unit: string, budget: Budget | null = null): Figure {
  const rounded = Math.round(value * 1000) / 1000;
  const pass = budget === null ? null : (budget.max === undefined || rounded <= budget.max) && (budget.min === undefined || rounded >= budget.min);
  return { name, value: rounded, unit, budget, pass };
}

export function budgetText(budget: Budget | null): string {
  if (!budget) return '';
  return [budget.min !== undefined ? `≥ ${budget.min}` : '', budget.max !== undefined ? `≤ ${budget.max}` : ''].filter(Boolean).join(' ');
}

/** The folder where each bench leaves its figures for `bench/run.ts` (and its full details beside them). */
export const RESULTS_DIR = path.resolve(import.meta.dirname, '..', 'results');

/** Writes `bench/results/<bench>.figures.json`: the figures `npm run bench` puts in its table. */
export function writeFigures(bench: string, figures: Figure[]): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${bench}.figures.json`);
  writeFileSync(file, `${JSON.stringify({ bench, at: new Date().toISOString(), figures }, null, 2)}\n`);
  return file;
}

/** Prints figures as an aligned table (also used by `bench/run.ts` for the whole run). */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, String(f.value), f.unit, budgetText(f.budget), f.pass === null ? '' : f.pass ? 'pass' : 'FAIL']);
  const header = ['figure', 'value', 'unit', 'budget', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
