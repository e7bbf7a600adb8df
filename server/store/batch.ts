/**
 * Rows per multi-row INSERT. Bound by SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement:
 * 500 rows of the widest table (27 columns) stay well below both.
 */
export const INSERT_BATCH_ROWS = 500;

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
