/** Every date the user sees is a day in Vietnam, whatever the device's zone. */
export const APP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: APP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** `yyyy-MM-dd` of the given instant in Asia/Ho_Chi_Minh. */
export function isoDayInVietnam(instant: Date): string {
  const parts = dateParts.formatToParts(instant);
  return `${part(parts, 'year')}-${part(parts, 'month')}-${part(parts, 'day')}`;
}

/** `dd/MM/yyyy` for an ISO day (`yyyy-MM-dd`); returns the input unchanged when it is not one. */
export function formatIsoDay(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDay;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: APP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `dd/MM/yyyy HH:mm` (24 h) of an instant in Asia/Ho_Chi_Minh. */
export function formatDateTime(instant: Date): string {
  const parts = dateTimeFormat.formatToParts(instant);
  return `${part(parts, 'day')}/${part(parts, 'month')}/${part(parts, 'year')} ${part(parts, 'hour')}:${part(parts, 'minute')}`;
}
