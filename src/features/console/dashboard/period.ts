export const PERIOD_KINDS = ['today', 'week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function toUtc(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

function toIsoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The days of a period around `today` (a Vietnam day, `yyyy-MM-dd`): the week runs Monday to Sunday as on
 * Vietnamese calendars; the month from its first to its last day. Custom periods are given by the user.
 */
export function periodOf(kind: Exclude<PeriodKind, 'custom'>, today: string): Period {
  const day = toUtc(today);
  if (kind === 'today') return { from: today, to: today };
  if (kind === 'week') {
    const sinceMonday = (day.getUTCDay() + 6) % 7;
    const monday = new Date(day.getTime() - sinceMonday * DAY_MS);
    return { from: toIsoDay(monday), to: toIsoDay(new Date(monday.getTime() + 6 * DAY_MS)) };
  }
  const first = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  const last = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0));
  return { from: toIsoDay(first), to: toIsoDay(last) };
}

/** Day of the month of a Vietnam day: from the 28th on, anything unsent must reach the server today. */
export function isMonthEnd(today: string): boolean {
  return Number(today.slice(8, 10)) >= 28;
}

export function isValidPeriod({ from, to }: Period): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
}

/** Both days are given but the period ends before it starts (a missing or malformed day is its field's own message). */
export function isReversedPeriod({ from, to }: Period): boolean {
  return from !== '' && to !== '' && !isValidPeriod({ from, to });
}
