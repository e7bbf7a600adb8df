import { useLiveQuery } from 'dexie-react-hooks';
import type { HeldStock } from '../domain/capture/stockRule';
import type { StockVoidDraft } from '../domain/capture/stockVoidDraft';
import type { StockRow } from './database';
import { useLocalDatabase } from './DeviceProvider';
import { readHeldStock, readStockDay, type StockDay } from './stockRead';
import { parseStockVoidDraft, stockVoidDraftId } from './stockVoidDraft';

export { readHeldStock, readStockDay, type InstalledToday, type StockDay, type ToReturn } from './stockRead';

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

/** readStockDay, live; undefined while loading. */
export function useStockDay(today: string): StockDay | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => readStockDay(db, today), [db, today]);
}

/** The void form of one item (its draft); null when none is open, undefined while loading. */
export function useStockVoidDraft(kind: StockVoidDraft['kind'], code: string): StockVoidDraft | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => parseStockVoidDraft(await db.drafts.get(stockVoidDraftId(kind, code))), [db, kind, code]);
}
