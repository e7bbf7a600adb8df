import { nonWorkingDay } from '../../../domain/campaign/holidays';
import { addDays, isoDayNumber, weekday } from '../../../domain/time/isoDay';

/**
 * Which days a roadmap should not fall on. The plan itself is made on the server from the domain's holiday table;
 * the screen asks the same table to warn when the supervisor moves a day onto a Sunday or a holiday.
 */
export type DayOff = { reason: 'sunday' } | { reason: 'holiday'; holiday: string };

/** A check the screen is given, so tests can stand in for the holiday table. */
export type DayOffCheck = (isoDay: string) => DayOff | null;

export function isIsoDay(value: string): boolean {
  try {
    isoDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = weekday;

/** Sundays only. */
export const sundaysOff: DayOffCheck = (isoDay) => (weekday(isoDay) === 0 ? { reason: 'sunday' } : null);

/** Sundays and Vietnamese public holidays (Tết from the lunar calendar), as the planner skips them. */
export const vietnamDayOff: DayOffCheck = (isoDay) => {
  const day = nonWorkingDay(isoDay);
  if (day === null) return null;
  return day.reason === 'holiday' ? { reason: 'holiday', holiday: day.holiday ?? '' } : { reason: 'sunday' };
};

/** The first working day after `today` (a Vietnam day): the default start of a new plan. */
export function nextWorkingDay(today: string, dayOff: DayOffCheck): string {
  let day = addDays(today, 1);
  // Tết and a Sunday make the longest run of days off (under ten); the bound only guards against a broken check.
  for (let i = 0; i < 60 && dayOff(day) !== null; i++) day = addDays(day, 1);
  return day;
}
