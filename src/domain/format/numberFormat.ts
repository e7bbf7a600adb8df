/**
 * Numbers as people read them, the same on the screen, the printed record, the PDFs and the letters: Vietnamese
 * groups thousands with "." and writes the decimal comma ("24.211,5"), English the other way round ("24,211.5").
 * Dates and times (dd/MM/yyyy, HH:mm in Asia/Ho_Chi_Minh) are `../time/time.ts`.
 *
 * Written out by hand rather than with `Intl.NumberFormat`: the result cannot depend on the ICU data a phone or a
 * server ships with, and nothing has to be built on the first screen's path. Rounding works on the number's shortest
 * decimal form (what the technician typed: 1.0005 rounds to 1,001, not to the binary value's 1,000) and, like Intl,
 * halves round away from zero.
 *
 * Machine formats are not here on purpose: the CMIS export writes plain decimals ("20520.5", no grouping) and GPS
 * positions keep the decimal point (`formatCoordinates`), as every map and GPS tool reads them.
 */

/** What prints where there is no value (absent, or not a finite number). */
export const NO_VALUE = '—';

/** Decimals a reading keeps: meters show at most one or two, three leaves room for a multi-rate register's split. */
export const READING_FRACTION_DIGITS = 3;

/** ~1 m at Vietnam's latitudes: finer than any phone's GPS fix. */
export const COORDINATE_FRACTION_DIGITS = 5;

interface Separators {
  group: string;
  decimal: string;
}

const SEPARATORS: Record<'vi' | 'en', Separators> = {
  vi: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/** English for "en" and its regional forms, Vietnamese for everything else (the app's default language). */
function separatorsOf(language: string): Separators {
  return language === 'en' || language.startsWith('en-') ? SEPARATORS.en : SEPARATORS.vi;
}

export interface NumberFormatOptions {
  /** Decimals kept at most (rounded half away from zero); 3 unless given. */
  maxFractionDigits?: number;
  /** Decimals always shown (padded with zeros); 0 unless given. */
  minFractionDigits?: number;
}

/** The digits of a finite, non-negative number as `[integer, fraction]`, never in exponent form. */
function plainDigits(abs: number): [string, string] {
  const shortest = String(abs);
  const e = shortest.indexOf('e');
  if (e < 0) {
    const [integer = '0', fraction = ''] = shortest.split('.');
    return [integer, fraction];
  }
  const mantissa = shortest.slice(0, e);
  const exponent = Number(shortest.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  if (point <= 0) return ['0', '0'.repeat(-point) + digits];
  if (point >= digits.length) return [digits + '0'.repeat(point - digits.length), ''];
  return [digits.slice(0, point), digits.slice(point)];
}

/** Adds one to a string of decimal digits ("199" → "200", "99" → "100"). */
function incremented(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

/** `[integer, fraction]` rounded half away from zero to at most `max` decimals, trailing zeros dropped down to `min`. */
function rounded(abs: number, max: number, min: number): [string, string] {
  let [integer, fraction] = plainDigits(abs);
  if (fraction.length > max) {
    const roundUp = (fraction[max] ?? '0') >= '5';
    const kept = integer + fraction.slice(0, max);
    const sum = roundUp ? incremented(kept) : kept;
    integer = sum.slice(0, sum.length - max) || '0';
    fraction = sum.slice(sum.length - max);
  }
  fraction = fraction.replace(/0+$/, '');
  return [integer, fraction.padEnd(min, '0')];
}

/** Sign, integer and fraction digits of a finite number under the options; a value that rounds to zero has no sign. */
function parts(value: number, options: NumberFormatOptions, defaultMax: number): { sign: string; integer: string; fraction: string } {
  const max = Math.max(0, Math.floor(options.maxFractionDigits ?? defaultMax));
  const min = Math.min(max, Math.max(0, Math.floor(options.minFractionDigits ?? 0)));
  const [integer, fraction] = rounded(Math.abs(value), max, min);
  return { sign: value < 0 && !/^0*$/.test(integer + fraction) ? '-' : '', integer, fraction };
}

const grouped = (integer: string, separator: string): string => integer.replace(/\B(?=(\d{3})+(?!\d))/g, separator);

/**
 * "24.211,5" (vi) / "24,211.5" (en): thousands grouped, decimals rounded to `maxFractionDigits` (3 by default),
 * trailing zeros dropped. "—" for NaN and ±Infinity; a value that rounds to zero prints "0", never "-0".
 */
export function formatNumber(value: number, language: string, options: NumberFormatOptions = {}): string {
  if (!Number.isFinite(value)) return NO_VALUE;
  const { group, decimal } = separatorsOf(language);
  const { sign, integer, fraction } = parts(value, options, READING_FRACTION_DIGITS);
  return `${sign}${grouped(integer, group)}${fraction === '' ? '' : decimal + fraction}`;
}

/** A meter reading (kWh) as written on the record: "24.211,5"; "—" when it was not recorded. */
export function formatReading(value: number | null | undefined, language: string): string {
  return value === null || value === undefined ? NO_VALUE : formatNumber(value, language, { maxFractionDigits: READING_FRACTION_DIGITS });
}

/** A whole count: "1.234" (vi) / "1,234" (en). */
export function formatCount(value: number, language: string): string {
  return formatNumber(value, language, { maxFractionDigits: 0 });
}

/** A share 0–1 as "87%"; "—" when there is nothing to measure. */
export function formatPercent(share: number | null, language: string): string {
  if (share === null || !Number.isFinite(share)) return NO_VALUE;
  return `${formatNumber(share * 100, language, { maxFractionDigits: 0 })}%`;
}

const KIB = 1024;

/** A size in bytes as "820 B", "12,3 KB", "4,5 MB", "1,2 GB" (binary units, one decimal). */
export function formatBytes(bytes: number, language: string): string {
  if (!Number.isFinite(bytes)) return NO_VALUE;
  const one = { maxFractionDigits: 1 };
  if (Math.abs(bytes) < KIB) return `${formatCount(bytes, language)} B`;
  if (Math.abs(bytes) < KIB ** 2) return `${formatNumber(bytes / KIB, language, one)} KB`;
  if (Math.abs(bytes) < KIB ** 3) return `${formatNumber(bytes / KIB ** 2, language, one)} MB`;
  return `${formatNumber(bytes / KIB ** 3, language, one)} GB`;
}

/**
 * The machine form: "20520.5" — decimal point, no grouping, never an exponent ("0.0000001", not "1e-7"); every
 * decimal of the number unless `maxFractionDigits` is given. For files other programs read (the CMIS export);
 * "" for NaN and ±Infinity, which such a file shows as an empty cell.
 */
export function formatPlainDecimal(value: number, options: NumberFormatOptions = {}): string {
  if (!Number.isFinite(value)) return '';
  const { sign, integer, fraction } = parts(value, options, Number.POSITIVE_INFINITY);
  return `${sign}${integer}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * "19.80123, 105.78456": a GPS position in decimal degrees, in the machine form in every language, as maps and GPS
 * tools read it back (a decimal comma would also collide with the comma between latitude and longitude).
 */
export function formatCoordinates(lat: number, lng: number): string {
  const digits = { maxFractionDigits: COORDINATE_FRACTION_DIGITS, minFractionDigits: COORDINATE_FRACTION_DIGITS };
  return `${formatPlainDecimal(lat, digits)}, ${formatPlainDecimal(lng, digits)}`;
}
