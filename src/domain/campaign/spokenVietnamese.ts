/**
 * Numbers, dates and phone numbers in Vietnamese words, as someone reading a text aloud says them (issue 15 §2, the
 * loudspeaker announcement): a reader stumbles over "24/12" but not over "ngày hai mươi tư tháng mười hai".
 *
 * The standard northern reading, as the commune loudspeakers of the north speak it and as the state's written
 * texts spell it out:
 * - 4 after "mươi" is "tư" (hai mươi tư); "bốn" is also heard and is what 4 is everywhere else (mười bốn, bốn trăm);
 * - 5 after "mười"/"mươi" is "lăm" (mười lăm, hai mươi lăm), but "năm" after "linh" (một trăm linh năm);
 * - 1 after "mươi" is "mốt" (hai mươi mốt), "một" after "mười" (mười một);
 * - a zero tens digit inside a number is "linh" (southern "lẻ"); a thousand is "nghìn" (southern "ngàn");
 * - a group of three digits after a larger one keeps its zero hundreds: 2026 is "hai nghìn không trăm hai mươi sáu";
 * - the first ten days of a month, solar as well as lunar, take "mồng" in the north: "ngày mồng hai tháng chín"
 *   (Wiktionary, "mồng": "(Northern Vietnam) used in front of the ten native base numerals … to denote one of the
 *   first ten days of a month", quoting "Ngày mồng 2 tháng 9 năm 1945"). The south says "mùng".
 * - solar months are "tháng một" … "tháng mười hai", April "tháng tư"; "tháng Giêng" and "tháng Chạp" are lunar only.
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** Larger units of three digits each, from the thousands up. */
const GROUP_UNITS = ['', 'nghìn', 'triệu', 'tỷ'] as const;

const digit = (d: number): string => DIGITS[d] ?? String(d);

/** 0–99 as a whole number (not after a hundreds digit). */
function belowHundred(n: number): string[] {
  if (n < 10) return [digit(n)];
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  const words = tens === 1 ? ['mười'] : [digit(tens), 'mươi'];
  if (unit === 0) return words;
  if (unit === 5) return [...words, 'lăm'];
  if (tens >= 2 && unit === 1) return [...words, 'mốt'];
  if (tens >= 2 && unit === 4) return [...words, 'tư'];
  return [...words, digit(unit)];
}

/** 0–999 as a group of three digits; `full` keeps a zero hundreds digit ("không trăm …") after a larger group. */
function group(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0 && !full) return belowHundred(rest);
  const words = [digit(hundreds), 'trăm'];
  if (rest === 0) return words;
  if (rest < 10) return [...words, 'linh', digit(rest)];
  return [...words, ...belowHundred(rest)];
}

/** A whole number from 0 to 999,999,999,999 in words: 105 → "một trăm linh năm", 2026 → "hai nghìn không trăm hai mươi sáu". */
export function numberInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`numberInWords: ${n} is not a whole number from 0 to 10^12 - 1`);
  if (n === 0) return 'không';
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    const value = groups[i] ?? 0;
    if (value === 0) continue;
    words.push(...group(value, words.length > 0), ...(GROUP_UNITS[i] === '' ? [] : [GROUP_UNITS[i] ?? '']));
  }
  return words.join(' ');
}

/** The day of a month as said after "ngày": 1–10 with "mồng" (mồng một … mồng mười), then the number. */
export function dayOfMonthInWords(day: number): string {
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError(`dayOfMonthInWords: ${day} is not a day of a month`);
  return day <= 10 ? `mồng ${numberInWords(day)}` : numberInWords(day);
}

/** A solar month as said after "tháng": "một" … "mười hai", April "tư". */
export function monthInWords(month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`monthInWords: ${month} is not a month`);
  return month === 4 ? 'tư' : numberInWords(month);
}

/** Monday first… as written in a sentence: "thứ Hai" … "thứ Bảy", "Chủ nhật". Index: JavaScript's getUTCDay (0 = Sunday). */
const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'] as const;

function parseIsoDate(iso: string): { year: number; month: number; day: number; weekday: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match === null) throw new RangeError(`not an ISO date: ${iso}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new RangeError(`not a calendar date: ${iso}`);
  return { year, month, day, weekday: date.getUTCDay() };
}

/** The weekday of an ISO date in words: "2026-12-08" → "thứ Ba". */
export function weekdayInWords(iso: string): string {
  return WEEKDAYS[parseIsoDate(iso).weekday] ?? '';
}

/** "ngày mười hai tháng mười hai"; with `weekday`, "thứ Bảy, ngày mười hai tháng mười hai". */
export function dateInWords(iso: string, options: { weekday?: boolean } = {}): string {
  const { month, day, weekday } = parseIsoDate(iso);
  const words = `ngày ${dayOfMonthInWords(day)} tháng ${monthInWords(month)}`;
  return options.weekday === true ? `${WEEKDAYS[weekday] ?? ''}, ${words}` : words;
}

/** Only the digits of a phone number as written ("0912 345 678", "+84 912…" keeps its 0: +84 becomes 0). */
export function phoneDigits(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  return trimmed.startsWith('+84') ? `0${digits.slice(2)}` : digits;
}

/**
 * A phone number read digit by digit in groups a listener can write down: the first four, then threes, a lone last
 * digit joining the group before it. "0912345678" → "không chín một hai, ba bốn năm, sáu bảy tám".
 */
export function phoneInWords(phone: string): string {
  const digits = phoneDigits(phone);
  if (digits.length === 0) throw new RangeError('phoneInWords: no digits');
  const groups: string[] = [digits.slice(0, 4)];
  for (let i = 4; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  const last = groups.at(-1) ?? '';
  if (groups.length > 1 && last.length === 1) {
    groups.pop();
    groups.push(`${groups.pop() ?? ''}${last}`);
  }
  // ASCII digits only (phoneDigits), so splitting by code unit is exact.
  return groups
    .map((g) =>
      g
        .split('')
        .map((d) => digit(Number(d)))
        .join(' '),
    )
    .join(', ');
}

/** Syllables of a Vietnamese text (one written word is one syllable): what a reading-time budget counts. */
export function syllableCount(text: string): number {
  return text.split(/[\s,.;:!?“”"()–—-]+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
