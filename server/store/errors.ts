/**
 * Whether a database error is an outage or contention the client should retry (503 + Retry-After),
 * as opposed to a bug. PostgreSQL SQLSTATE classes: 08 connection, 53 insufficient resources,
 * 57P0x shutdown/crash, 40001 serialization, 40P01 deadlock; SQLite: busy/locked; sockets refused or reset.
 */
export function isTransientStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (/^(08|53)/.test(code) || /^57P0\d$/.test(code) || code === '40001' || code === '40P01') return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
}

/** A unique or primary-key constraint refused a row (PostgreSQL 23505; SQLite SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
