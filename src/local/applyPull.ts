import type { Change } from '../domain';
import type { UserDatabase, WorkOrderRow } from './database';

/** One page of `GET /api/v1/sync/pull`, as the local store needs it. */
export interface PullPage {
  changes: readonly Change[];
  reset: boolean;
  cursor: string;
  lastSeq: number;
}

/**
 * Applies one pull page and stores its cursor in ONE transaction, so a crash leaves either
 * the old cursor with the old rows or the new cursor with the new rows, never a mix.
 *
 * - `reset` clears the server mirror (workOrders) only: outbox, drafts and photos hold work
 *   the server may not have yet and are never touched by a pull.
 * - an upsert older than the stored version is ignored (replayed or out-of-date page);
 * - a revoke deletes: the feed is in commit order, so a revoke is the latest word on access.
 */
export async function applyPull(db: UserDatabase, page: PullPage): Promise<void> {
  await db.transaction('rw', db.workOrders, db.meta, async () => {
    if (page.reset) await db.workOrders.clear();

    // Reviews and completions are not mirrored yet: their changes are skipped until their tables exist.
    const workOrderChanges = page.changes.filter((c) => c.entity === 'workOrder');
    const ids = [...new Set(workOrderChanges.map((c) => c.id))];
    const storedRows = await db.workOrders.bulkGet(ids);
    const current = new Map<string, WorkOrderRow | undefined>(ids.map((id, i) => [id, storedRows[i]]));
    const touched = new Set<string>();

    for (const change of workOrderChanges) {
      if (change.op === 'revoke') {
        current.set(change.id, undefined);
        touched.add(change.id);
        continue;
      }
      const incoming = change.data;
      // An upsert without data is refused at the API boundary (src/sync/api.ts); this only guards the type.
      if (incoming === undefined) continue;
      const stored = current.get(change.id);
      if (stored !== undefined && stored.version > change.version) continue;
      current.set(change.id, incoming);
      touched.add(change.id);
    }

    const puts: WorkOrderRow[] = [];
    const deletes: string[] = [];
    for (const id of touched) {
      const row = current.get(id);
      if (row === undefined) deletes.push(id);
      else puts.push(row);
    }
    await db.workOrders.bulkDelete(deletes);
    await db.workOrders.bulkPut(puts);
    await db.meta.update('sync', { pullCursor: page.cursor, lastSeq: page.lastSeq });
  });
}
