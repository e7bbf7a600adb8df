/**
 * Which days a roadmap should not fall on. The plan itself is made on the server from the domain's holiday table;
 * the screen only needs the same answer to warn when the supervisor moves a day onto a Sunday or a holiday.
 */
export type DayOff = { reason: 'sunday' } | { reason: 'holiday'; holiday: string };

/** A check the screen is given, so tests and the domain's table can stand in for each other. */
export type DayOffCheck = (isoDay: string) => DayOff | null;

const DAY_MS = 86_400_000;

function utc(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

export function isIsoDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(utc(value).getTime()) && utc(value).toISOString().startsWith(value);
}

/** 0 = Sunday … 6 = Saturday, of a calendar day (no time zone involved). */
export function weekdayOf(isoDay: string): number {
  return utc(isoDay).getUTCDay();
}

export function addDays(isoDay: string, days: number): string {
  return new Date(utc(isoDay).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Sundays only: what the screen knows without the holiday table. */
export const sundaysOff: DayOffCheck = (isoDay) => (weekdayOf(isoDay) === 0 ? { reason: 'sunday' } : null);

/** The first working day after `today` (a Vietnam day): the default start of a new plan. */
export function nextWorkingDay(today: string, dayOff: DayOffCheck): string {
  let day = addDays(today, 1);
  // A year holds far fewer than 60 days off in a row; the bound only guards against a broken check.
  for (let i = 0; i < 60 && dayOff(day) !== null; i++) day = addDays(day, 1);
  return day;
}

/** The check the screen uses: Sundays until the domain's holiday table is in (then Sundays and Vietnamese holidays). */
export const vietnamDayOff: DayOffCheck = sundaysOff;
