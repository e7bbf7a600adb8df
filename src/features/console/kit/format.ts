/*
 * The console's numbers come from the one formatter the record, the PDFs and the letters share
 * (src/domain/format/numberFormat.ts): "1.234" and "87%" in Vietnamese, "1,234" in English.
 */
export { formatCount, formatPercent, formatBytes as formatFileSize } from '../../../domain/format/numberFormat';

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
