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

/**
 * `count` unassigned work orders of one commune of `province` (the last such commune by name, not `avoid`), by
 * code: the demo's own codes only (imports add `ZZ…` ones).
 */
export function unassignedOfOneCommune(province: string, count: number, avoid: string): { id: string; commune: string }[] {
  const db = new Database(join(E2E_DATA_DIR, 'meterswap.db'), { readonly: true, fileMustExist: true });
  try {
    const where = "status = 'unassigned' AND province = ? AND commune <> ? AND code NOT LIKE 'ZZ%'";
    const commune = db
      .prepare(`SELECT commune FROM work_orders WHERE ${where} GROUP BY commune HAVING count(*) >= ? ORDER BY commune DESC LIMIT 1`)
      .get(province, avoid, count) as { commune: string } | undefined;
    if (commune === undefined) return [];
    return db
      .prepare(`SELECT id, commune FROM work_orders WHERE ${where} AND commune = ? ORDER BY code LIMIT ?`)
      .all(province, avoid, commune.commune, count) as { id: string; commune: string }[];
  } finally {
    db.close();
  }
}
