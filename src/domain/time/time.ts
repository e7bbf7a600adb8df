/**
 * Every date the user sees is a day in Vietnam, whatever the device's zone, written dd/MM/yyyy and HH:mm (24 h) in
 * both languages: the one date formatter of the screens, the printed record, the PDFs, the letters and the CSV.
 * Numbers are `../format/numberFormat.ts`.
 */
export const APP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Vietnam has kept UTC+7 without daylight saving since 1975, so its wall clock is plain arithmetic. (An
 * `Intl.DateTimeFormat` with a time zone costs 35–40 ms to build on a slow phone, on the first screen's path.)
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `yyyy-MM-ddTHH:mm` of the instant on the wall clock of Asia/Ho_Chi_Minh; throws RangeError for an invalid date. */
function vietnamWallClock(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}

/** `yyyy-MM-dd` of the given instant in Asia/Ho_Chi_Minh. */
export function isoDayInVietnam(instant: Date): string {
  return vietnamWallClock(instant).slice(0, 10);
}

/** Day of the month (1–31) of the instant in Asia/Ho_Chi_Minh. */
export function dayOfMonthInVietnam(instant: Date): number {
  return Number(vietnamWallClock(instant).slice(8, 10));
}

/** `dd/MM/yyyy` for an ISO day (`yyyy-MM-dd`); returns the input unchanged when it is not one. */
export function formatIsoDay(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDay;
}

/** `dd/MM/yyyy` of an instant in Asia/Ho_Chi_Minh. */
export function formatDate(instant: Date): string {
  return formatIsoDay(isoDayInVietnam(instant));
}

/** `HH:mm` (24 h) of an instant in Asia/Ho_Chi_Minh. */
export function formatTime(instant: Date): string {
  return vietnamWallClock(instant).slice(11, 16);
}

/** `dd/MM/yyyy HH:mm` (24 h) of an instant in Asia/Ho_Chi_Minh. */
export function formatDateTime(instant: Date): string {
  return `${formatDate(instant)} ${formatTime(instant)}`;
}
