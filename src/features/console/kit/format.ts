/** Numbers in the user's language: "1.234" in Vietnamese, "1,234" in English. */
export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN').format(value);
}

/** A share 0–1 as "87 %"; an em dash when there is nothing to measure. */
export function formatPercent(share: number | null, language: string): string {
  if (share === null) return '—';
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 giờ trước" / "3 hours ago" from two instants in milliseconds; `justNow` under a minute. */
export function formatRelative(atMs: number, nowMs: number, language: string, justNow: string): string {
  const format = new Intl.RelativeTimeFormat(language === 'en' ? 'en' : 'vi', { numeric: 'auto' });
  const diff = atMs - nowMs;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(diff) >= size) return format.format(Math.round(diff / size), unit);
  }
  return justNow;
}

/** Bytes as "1,2 MB" for a file the user picked. */
export function formatFileSize(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'vi-VN';
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb)} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb / 1024)} MB`;
}
