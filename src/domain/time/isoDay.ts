/**
 * Arithmetic on calendar days written as ISO dates ("2026-02-17"), with no time and no time zone: a planned date is
 * a day in Vietnam, and adding days to it must not pass through an instant (a device in another zone would shift it).
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date; RangeError if it is not one ("2026-02-30" is not). */
export function isoDayNumber(date: string): number {
  const match = ISO_DAY.exec(date);
  if (match === null) throw new RangeError(`not an ISO date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (isoDayFromNumber(ms / MS_PER_DAY) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms / MS_PER_DAY;
}

/** The ISO date of a day number (days since 1970-01-01). */
export function isoDayFromNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day `n` days after `date` (before it when n is negative). */
export function addDays(date: string, n: number): string {
  return isoDayFromNumber(isoDayNumber(date) + n);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(date: string): number {
  return (((isoDayNumber(date) + 4) % 7) + 7) % 7;
}
