import { addDays, weekday } from '../time/isoDay';
import { lunarNewYear, lunarToSolar } from './lunar';
import type { SkippedDay } from './roadmap';

export { addDays } from '../time/isoDay';

/**
 * Vietnam's public holidays, for the roadmap's working days (issue 15 §1). The days of Bộ luật Lao động 2019,
 * Điều 112 khoản 1, computed for any year the lunar calendar covers (the campaign runs 2025–2030):
 * - Tết Dương lịch: 1/1.
 * - Tết Âm lịch: 5 days. Each year the Prime Minister's decision places them; they are almost always the last day
 *   of the lunar year and mùng 1–4 (2025: 28/1–1/2, 2026: 16/2–20/2), which is what we take. The decision may
 *   also swap working days to make a longer break (2026: 14/2–22/2 with the weekends); a swapped day is not here.
 * - Giỗ Tổ Hùng Vương: 10/3 âm lịch.
 * - Ngày Chiến thắng 30/4 and Quốc tế Lao động 1/5.
 * - Quốc khánh: 2/9 and one day next to it, 1/9 or 3/9 as the decision of each year says; we take 1/9 (2025's
 *   choice, and the one that makes a long weekend more often).
 * Not here: a compensatory day (nghỉ bù, Điều 111 khoản 3) when a holiday falls on a weekly rest day, and the
 * "Ngày Văn hóa Việt Nam" 24/11 that Nghị quyết 80-NQ/TW (2026) asks for, until the Labour Code says so.
 */
export interface Holiday {
  date: string;
  /** Vietnamese name, as printed on the roadmap. */
  name: string;
}

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Chiến thắng',
  labour: 'Ngày Quốc tế Lao động',
  national: 'Quốc khánh',
} as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function solar(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The public holidays of a solar year, by date (Tết always falls between 21/1 and 20/2, so its five days too). */
export function vietnamHolidays(year: number): Holiday[] {
  const tet = lunarNewYear(year);
  const holidays: Holiday[] = [
    { date: solar(year, 1, 1), name: HOLIDAY_NAMES.newYear },
    ...[-1, 0, 1, 2, 3].map((n) => ({ date: addDays(tet, n), name: HOLIDAY_NAMES.tet })),
    { date: lunarToSolar(10, 3, year), name: HOLIDAY_NAMES.hungKings },
    { date: solar(year, 4, 30), name: HOLIDAY_NAMES.reunification },
    { date: solar(year, 5, 1), name: HOLIDAY_NAMES.labour },
    { date: solar(year, 9, 1), name: HOLIDAY_NAMES.national },
    { date: solar(year, 9, 2), name: HOLIDAY_NAMES.national },
  ];
  const byDate = new Map<string, Holiday>();
  for (const holiday of holidays) if (!byDate.has(holiday.date)) byDate.set(holiday.date, holiday);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Each year's table, computed once: the planner asks for every day of a plan. */
const holidaysByYear = new Map<number, ReadonlyMap<string, string>>();

function holidayName(date: string): string | undefined {
  const year = Number(date.slice(0, 4));
  let table = holidaysByYear.get(year);
  if (table === undefined) {
    table = new Map(vietnamHolidays(year).map((h) => [h.date, h.name]));
    holidaysByYear.set(year, table);
  }
  return table.get(date);
}

/**
 * Why a field crew does not work on `date`, or null on a working day. Saturdays are working days: meter crews
 * work six days a week (the Labour Code's weekly rest is one day, Điều 111), and households are home more often.
 * A holiday on a Sunday is reported as the holiday.
 */
export function nonWorkingDay(date: string): SkippedDay | null {
  const holiday = holidayName(date);
  if (holiday !== undefined) return { date, reason: 'holiday', holiday };
  if (weekday(date) === 0) return { date, reason: 'sunday' };
  return null;
}
