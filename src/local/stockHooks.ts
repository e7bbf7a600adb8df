import { useLiveQuery } from 'dexie-react-hooks';
import type { HeldStock } from '../domain/capture/stockRule';
import { normalizeStockCode } from '../domain/stock/stock';
import type { StockRow, UserDatabase } from './database';
import { useLocalDatabase } from './DeviceProvider';

/**
 * The technician's stock as the device holds it (issue 16): meters by serial, seals by code (pulled), and the seal
 * codes this device's records already used on other work orders. Undefined while loading, or when the device has no
 * stock at all (nothing issued yet, or a server without stock): the stock rule then judges nothing.
 */
export async function readHeldStock(db: UserDatabase, exceptWorkOrderId: string): Promise<HeldStock | undefined> {
  return db.transaction('r', [db.stock, db.records], async () => {
    const rows = await db.stock.toArray();
    if (rows.length === 0) return undefined;
    const meters = new Map(rows.filter((r) => r.kind === 'meter').map((r) => [r.code, r]));
    const seals = new Set(rows.filter((r) => r.kind === 'seal').map((r) => r.code));
    const usedSeals = new Set<string>();
    for (const record of await db.records.toArray()) {
      if (record.kind !== 'swap' || record.workOrderId === exceptWorkOrderId) continue;
      for (const seal of record.args.installed.seals) usedSeals.add(normalizeStockCode(seal.code));
    }
    return { meters, seals, usedSeals };
  });
}

/** readHeldStock, live. */
export function useHeldStock(exceptWorkOrderId: string): HeldStock | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => readHeldStock(db, exceptWorkOrderId), [db, exceptWorkOrderId]);
}

/** Every item the technician holds, meters first then seals, by code; undefined while loading. */
export function useHeldItems(): StockRow[] | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => (await db.stock.toArray()).sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code)), [db]);
}
