import type { ProgressFigures } from '../../../domain/console/reports';

/** The cashless goal of the programme: double the households that already paid without cash. */
export const CASHLESS_GOAL_FACTOR = 2;

export interface CashlessFigures {
  before: number;
  after: number;
  goal: number;
  reached: boolean;
}

/** Households paying without cash before the visits, after them (before + new enrolments), and the goal. */
export function cashlessFigures(figures: Pick<ProgressFigures, 'cashlessBefore' | 'cashlessEnrolled'>): CashlessFigures {
  const before = figures.cashlessBefore;
  const after = before + figures.cashlessEnrolled;
  const goal = before * CASHLESS_GOAL_FACTOR;
  return { before, after, goal, reached: after >= goal && after > 0 };
}

/** Failure reasons most frequent first, ties by code. */
export function sortedReasons(reasons: Record<string, number>): [string, number][] {
  return Object.entries(reasons)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
