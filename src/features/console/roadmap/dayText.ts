import type { TFunction } from 'i18next';
import { formatIsoDay } from '../../../domain/time/time';
import { isIsoDay, weekdayOf } from './workingDays';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** "Thứ Ba", "Chủ nhật"; empty for what is not a date. */
export function weekdayName(t: TFunction, isoDay: string): string {
  return isIsoDay(isoDay) ? t(`console.roadmap.weekdays.${WEEKDAYS[weekdayOf(isoDay)] ?? 'sun'}`) : '';
}

/**
 * "Thứ Ba 08/12/2026": a native date input shows the browser's own format (often MM/dd/yyyy), so the day is
 * also written out the way the rest of the console writes dates.
 */
export function dayText(t: TFunction, isoDay: string): string {
  return isIsoDay(isoDay) ? t('console.roadmap.proposal.days.day', { weekday: weekdayName(t, isoDay), date: formatIsoDay(isoDay) }) : '';
}
