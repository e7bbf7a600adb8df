import { isoDayFromNumber, isoDayNumber } from '../time/isoDay';

/**
 * The Vietnamese lunisolar calendar (âm lịch), for Tết and Giỗ Tổ Hùng Vương in the holiday table. Hồ Ngọc Đức's
 * algorithm ("Thuật toán tính âm lịch", the one Vietnamese calendars are computed with): a month starts on the day
 * (in UTC+7) of the astronomical new moon; month 11 is the one that holds the winter solstice; a year with 13 months
 * repeats, as its leap month, the first month after month 11 that holds no major solar term (trung khí). The new
 * moon and the Sun's longitude come from the series in Jean Meeus, "Astronomical Algorithms", accurate to minutes
 * for 1900–2100, which is what a day in UTC+7 needs. UTC+7 matters: China's calendar (UTC+8) starts some months,
 * and Tết 1985, a day later.
 */

/** Vietnam's time zone since 1976, in hours east of UTC. */
export const VIETNAM_UTC_OFFSET_HOURS = 7;
/** Mean length of a lunation (synodic month), in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian day number of the mean new moon of 1900-01-01 (k = 0 in the series). */
const NEW_MOON_EPOCH_JD = 2415021.076998695;
/** Julian day number of 1970-01-01, to meet src/domain/time/isoDay.ts's day numbers. */
const UNIX_EPOCH_JDN = 2440588;
/** The series are fitted for these years; outside them the calendar is not what Vietnam used. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** The leap (nhuận) repeat of `month`. */
  leap: boolean;
}

const RAD = Math.PI / 180;

/** Julian day number of the day (in UTC+7) of the k-th new moon after the one of January 1900. */
function newMoonDay(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // Sun's mean anomaly
  const mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // Moon's mean anomaly
  const f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // Moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m * RAD) + 0.0021 * Math.sin(2 * RAD * m);
  c1 = c1 - 0.4068 * Math.sin(mpr * RAD) + 0.0161 * Math.sin(RAD * 2 * mpr);
  c1 -= 0.0004 * Math.sin(RAD * 3 * mpr);
  c1 = c1 + 0.0104 * Math.sin(RAD * 2 * f) - 0.0051 * Math.sin(RAD * (m + mpr));
  c1 = c1 - 0.0074 * Math.sin(RAD * (m - mpr)) + 0.0004 * Math.sin(RAD * (2 * f + m));
  c1 = c1 - 0.0004 * Math.sin(RAD * (2 * f - m)) - 0.0006 * Math.sin(RAD * (2 * f + mpr));
  c1 = c1 + 0.001 * Math.sin(RAD * (2 * f - mpr)) + 0.0005 * Math.sin(RAD * (2 * mpr + m));
  // ΔT, terrestrial minus universal time, in days.
  const deltaT = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return Math.floor(jd + c1 - deltaT + 0.5 + VIETNAM_UTC_OFFSET_HOURS / 24);
}

/** The Sun's longitude at the start (UTC+7) of a day, as its 30° sector: 0 = from the vernal equinox … 11. */
function sunSector(jdn: number): number {
  const t = (jdn - 2451545.5 - VIETNAM_UTC_OFFSET_HOURS / 24) / 36525;
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(RAD * m);
  dl = dl + (0.019993 - 0.000101 * t) * Math.sin(RAD * 2 * m) + 0.00029 * Math.sin(RAD * 3 * m);
  let l = (l0 + dl) * RAD;
  l -= 2 * Math.PI * Math.floor(l / (2 * Math.PI));
  return Math.floor((l / Math.PI) * 6);
}

function jdnOf(date: string): number {
  return isoDayNumber(date) + UNIX_EPOCH_JDN;
}

function dateOfJdn(jdn: number): string {
  return isoDayFromNumber(jdn - UNIX_EPOCH_JDN);
}

/** First day (JDN) of month 11 of the lunar year that ends in solar year `year`: the month holding the winter solstice. */
function month11Start(year: number): number {
  const k = Math.floor((jdnOf(`${String(year).padStart(4, '0')}-12-31`) - 2415021) / SYNODIC_MONTH);
  const start = newMoonDay(k);
  // Past the solstice's sector (270°) at its start, this month comes after month 11.
  return sunSector(start) >= 9 ? newMoonDay(k - 1) : start;
}

/** How many months after month 11 (starting at a11) the leap month comes: the first month with no major term. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)
    throw new RangeError(`lunar calendar: year ${year} is outside ${FIRST_YEAR}–${LAST_YEAR}`);
}

/** The lunar date of a solar ISO date. */
export function solarToLunar(date: string): LunarDate {
  const jdn = jdnOf(date);
  const solarYear = Number(date.slice(0, 4));
  checkYear(solarYear);
  const k = Math.floor((jdn - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > jdn) monthStart = newMoonDay(k);
  let a11 = month11Start(solarYear);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = solarYear;
    a11 = month11Start(solarYear - 1);
  } else {
    year = solarYear + 1;
    b11 = month11Start(solarYear + 1);
  }
  const day = jdn - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/**
 * The solar ISO date of a lunar date. RangeError for a month or day that does not exist (day 30 of a 29-day month,
 * a leap month the year does not have), so a holiday can never land on a wrong day silently.
 */
export function lunarToSolar(day: number, month: number, year: number, leap = false): string {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30)
    throw new RangeError(`not a lunar date: ${day}/${month}/${year}`);
  const [a11, b11] = month < 11 ? [month11Start(year - 1), month11Start(year)] : [month11Start(year), month11Start(year + 1)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  let offset = (month - 11 + 12) % 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11);
    const leapMonth = (leapOffset - 2 + 12) % 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  const date = dateOfJdn(newMoonDay(k + offset) + day - 1);
  const back = solarToLunar(date);
  if (back.day !== day || back.month !== month || back.leap !== leap)
    throw new RangeError(`lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has no day ${day}`);
  return date;
}

/** Tết Nguyên Đán of `year`: mùng 1 tháng Giêng, the first day of the lunar year that starts in that solar year. */
export function lunarNewYear(year: number): string {
  return lunarToSolar(1, 1, year);
}
