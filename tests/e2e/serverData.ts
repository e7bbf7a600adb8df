import Database from 'better-sqlite3';
import { join } from 'node:path';
import { E2E_DATA_DIR } from './paths';

/**
 * Read-only look into the e2e server's SQLite database (the demo data set), used to pick fixtures
 * such as an unassigned work order of a team. Changes always go through the HTTP API.
 */
export function unassignedWorkOrderIds(province: string, count: number): string[] {
  const db = new Database(join(E2E_DATA_DIR, 'meterswap.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT id FROM work_orders WHERE status = 'unassigned' AND province = ? ORDER BY code LIMIT ?").all(province, count) as {
      id: string;
    }[];
    return rows.map((row) => row.id);
  } finally {
    db.close();
  }
}
