/** "12,3 MB" / "1.2 GB" in the screen's language. */
export function formatBytes(bytes: number, language: string): string {
  const format = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${format.format(mb / 1024)} GB` : `${format.format(mb)} MB`;
}
