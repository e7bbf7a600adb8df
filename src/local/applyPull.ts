import type { Table } from 'dexie';
import type { PullPageChange as Change } from '../domain/protocol/sync';
import type { CompletionRow, ReviewRow, StockRow, UserDatabase, WorkOrderRow } from './database';

/** One page of `GET /api/v1/sync/pull`, as the local store needs it. */
export interface PullPage {
  changes: readonly Change[];
  reset: boolean;
  cursor: string;
  lastSeq: number;
}

/**
 * Applies the changes of one entity to its mirror table, in feed order: an upsert older than the stored
 * version is ignored (replayed or out-of-date page); a revoke deletes (the feed is in commit order, so a
 * revoke is the latest word on access). `rowOf` turns an upsert into a row, or null when its data does not
 * parse (skipped: a malformed item must not stop the rest of the feed).
 */
async function applyToMirror<Row extends { id: string; version: number }>(
  table: Table<Row, string>,
  changes: readonly Change[],
  rowOf: (change: Change) => Row | null,
): Promise<void> {
  const ids = [...new Set(changes.map((c) => c.id))];
  const storedRows = await table.bulkGet(ids);
  const current = new Map<string, Row | undefined>(ids.map((id, i) => [id, storedRows[i]]));
  const touched = new Set<string>();
  for (const change of changes) {
    if (change.op === 'revoke') {
      current.set(change.id, undefined);
      touched.add(change.id);
      continue;
    }
    const incoming = rowOf(change);
    if (incoming === null) continue;
    const stored = current.get(change.id);
    if (stored !== undefined && stored.version > change.version) continue;
    current.set(change.id, incoming);
    touched.add(change.id);
  }
  const puts: Row[] = [];
  const deletes: string[] = [];
  for (const id of touched) {
    const row = current.get(id);
    if (row === undefined) deletes.push(id);
    else puts.push(row);
  }
  await table.bulkDelete(deletes);
  await table.bulkPut(puts);
}

function workOrderRowOf(change: Change): WorkOrderRow | null {
  // An upsert without data is refused at the API boundary (src/sync/api.ts); this only guards the type.
  return change.entity === 'workOrder' ? (change.data ?? null) : null;
}

type PullSchemas = typeof import('./pullSchemas');

/** Review and completion data are parsed with their shared schemas (the API boundary keeps them opaque). */
function reviewRowOf(schemas: PullSchemas, change: Change): ReviewRow | null {
  const parsed = schemas.ReviewChangeData.safeParse(change.data);
  return parsed.success ? { ...parsed.data, version: change.version } : null;
}

function completionRowOf(schemas: PullSchemas, change: Change): CompletionRow | null {
  const parsed = schemas.CompletionView.safeParse(change.data);
  return parsed.success ? { ...parsed.data, version: change.version } : null;
}

function stockRowOf(schemas: PullSchemas, change: Change): StockRow | null {
  const parsed = schemas.StockItem.safeParse(change.data);
  return parsed.success ? { ...parsed.data, version: change.version } : null;
}

/**
 * Applies one pull page and stores its cursor in ONE transaction, so a crash leaves either
 * the old cursor with the old rows or the new cursor with the new rows, never a mix.
 *
 * - `reset` clears the server mirrors (workOrders, reviews, completions, stock) only: outbox, drafts,
 *   records and photos hold work the server may not have yet and are never touched by a pull.
 * - per entity, an upsert older than the stored version is ignored and a revoke deletes.
 */
export async function applyPull(db: UserDatabase, page: PullPage): Promise<void> {
  // Loaded before the transaction (awaiting anything else inside it would end it), and only when needed:
  // the completion schema is large and most pages carry work orders only.
  const schemas = page.changes.some((c) => c.entity !== 'workOrder') ? await import('./pullSchemas') : null;
  await db.transaction('rw', [db.workOrders, db.reviews, db.completions, db.stock, db.meta], async () => {
    if (page.reset) await Promise.all([db.workOrders.clear(), db.reviews.clear(), db.completions.clear(), db.stock.clear()]);
    const of = (entity: Change['entity']) => page.changes.filter((c) => c.entity === entity);
    await applyToMirror(db.table<WorkOrderRow, string>('workOrders'), of('workOrder'), workOrderRowOf);
    if (schemas !== null) {
      await applyToMirror(db.table<ReviewRow, string>('reviews'), of('review'), (c) => reviewRowOf(schemas, c));
      await applyToMirror(db.table<CompletionRow, string>('completions'), of('completion'), (c) => completionRowOf(schemas, c));
      await applyToMirror(db.table<StockRow, string>('stock'), of('stockItem'), (c) => stockRowOf(schemas, c));
    }
    await db.meta.update('sync', { pullCursor: page.cursor, lastSeq: page.lastSeq });
  });
}
