import { formatIsoDay } from '../../../domain/time/time';

/** What a typed date says: nothing yet, a real day (as ISO `yyyy-MM-dd`), or text that is not a day. */
export type DateText = { kind: 'empty' } | { kind: 'valid'; iso: string } | { kind: 'invalid' };

/** Years a console date may fall in: a typo such as 0025 or 20255 is refused rather than sent. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** d/M/yyyy with "/", ".", "-" or spaces between the parts; a two-digit year means 20yy. */
const DAY_FIRST = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4}|\d{2})$/;
/** ddMMyyyy typed without separators. */
const DIGITS_ONLY = /^(\d{2})(\d{2})(\d{4})$/;
/** yyyy-MM-dd, as pasted from a file or another system (unambiguous, so accepted too). */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function isoOf(year: number, month: number, day: number): DateText {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return { kind: 'invalid' };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return { kind: 'invalid' };
  const pad = (n: number) => String(n).padStart(2, '0');
  return { kind: 'valid', iso: `${year}-${pad(month)}-${pad(day)}` };
}

/**
 * Reads a date typed in the console, day first whatever the browser's language ("8/12/2025", "08.12.25",
 * "08122025"), or an ISO day; a day that does not exist (31/02) is invalid.
 */
export function parseDateText(text: string): DateText {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const iso = ISO.exec(trimmed);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = DAY_FIRST.exec(trimmed) ?? DIGITS_ONLY.exec(trimmed);
  if (!dayFirst) return { kind: 'invalid' };
  const yearText = dayFirst[3] ?? '';
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  return isoOf(year, Number(dayFirst[2]), Number(dayFirst[1]));
}

/** An ISO day as the console shows it, `dd/MM/yyyy`; '' stays ''. */
export function formatDateText(iso: string): string {
  return iso === '' ? '' : formatIsoDay(iso);
}

/** Whether `text` already shows `iso` (so a new value from outside need not overwrite what the user is typing). */
export function showsValue(text: string, iso: string): boolean {
  const parsed = parseDateText(text);
  return parsed.kind === 'valid' ? parsed.iso === iso : iso === '';
}

/** The ISO day `days` after (or before) `iso`. */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
