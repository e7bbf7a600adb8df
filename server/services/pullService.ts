import type { Change, PullQuery, PullResponse } from '../../src/domain/sync';
import type { ChangeEntityName, ChangeRecord, CompletionRecord, StoredWorkOrder } from '../store/records';
import type { ResolvedReviewRecord } from '../store/reviews';
import type { Repos, Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { toCompletionView } from './completionView';
import { decodeCursor, encodeCursor } from './cursor';
import { failure, success, type Result } from './result';
import { toWireWorkOrder } from './workOrderWire';

/** The current rows of the entities a page upserts, read in the page's snapshot. */
interface PageRows {
  workOrders: ReadonlyMap<string, StoredWorkOrder>;
  reviews: ReadonlyMap<string, ResolvedReviewRecord>;
  completions: ReadonlyMap<string, CompletionRecord>;
}

async function loadPageRows(tx: Repos, page: readonly ChangeRecord[]): Promise<PageRows> {
  const upserted = (entity: ChangeEntityName) => [...new Set(page.filter((r) => r.entity === entity && r.op === 'upsert').map((r) => r.entityId))];
  return {
    workOrders: new Map((await tx.workOrders.findByIds(upserted('workOrder'))).map((wo) => [wo.id, wo])),
    reviews: new Map((await tx.reviews.findByIds(upserted('review'))).map((r) => [r.id, r])),
    completions: new Map((await tx.completions.findByIds(upserted('completion'))).map((c) => [c.id, c])),
  };
}

/** Upserts carry the entity as it is now (a later change of it may follow); a vanished row can only be revoked. */
function toChange(record: ChangeRecord, rows: PageRows): Change {
  const { entityId: id, entityVersion: version } = record;
  const upsert = record.op === 'upsert';
  switch (record.entity) {
    case 'workOrder': {
      const current = upsert ? rows.workOrders.get(id) : undefined;
      return current
        ? { entity: 'workOrder', op: 'upsert', id, version: current.version, data: toWireWorkOrder(current) }
        : { entity: 'workOrder', op: 'revoke', id, version };
    }
    case 'review': {
      const r = upsert ? rows.reviews.get(id) : undefined;
      return r
        ? {
          entity: 'review', op: 'upsert', id, version,
          data: { id: r.id, workOrderId: r.workOrderId, completionId: r.completionId, code: r.code, status: r.status, note: r.note, resolvedAt: r.resolvedAt },
        }
        : { entity: 'review', op: 'revoke', id, version };
    }
    case 'completion': {
      const c = upsert ? rows.completions.get(id) : undefined;
      return c
        ? { entity: 'completion', op: 'upsert', id, version, data: toCompletionView(c) }
        : { entity: 'completion', op: 'revoke', id, version };
    }
  }
}

export function createPullService(store: Store, clock: Clock) {
  /**
   * One page of the caller's feed (design §5). The client id is bound to the caller on first sight (or its last
   * sighting and backlog report noted) in one statement of its own; then the page and `lastSeq` are read from one
   * snapshot, so an acknowledged push is never reported without its effects.
   */
  async function pull(auth: AuthContext, query: PullQuery): Promise<Result<PullResponse>> {
    const userId = auth.user.id;
    const now = clock.now().toISOString();
    const reported = query.pendingRecords !== undefined || query.pendingPhotos !== undefined;
    const owner = await store.syncClients.checkIn(query.clientId, userId, now, reported ? {
      pendingRecords: query.pendingRecords ?? 0,
      pendingPhotos: query.pendingPhotos ?? 0,
      oldestPendingAt: query.oldestPendingAt === undefined ? null : new Date(query.oldestPendingAt).toISOString(),
    } : undefined);
    if (owner.userId !== userId) {
      return failure('CLIENT_USER_MISMATCH', 'This client id belongs to another user; create a new local database.');
    }

    const response = await store.snapshot(async (tx) => {
      const epoch = await tx.meta.epoch();
      const position = decodeCursor(query.cursor, epoch, userId);
      const rows = await tx.changes.listAfter(userId, position.afterChangeId, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const current = await loadPageRows(tx, page);
      const lastChangeId = page.at(-1)?.changeId ?? position.afterChangeId;
      return {
        cursor: encodeCursor(epoch, userId, lastChangeId),
        hasMore: rows.length > query.limit,
        reset: position.reset,
        lastSeq: await tx.syncClients.lastSeq(query.clientId),
        changes: page.map((r) => toChange(r, current)),
      } satisfies PullResponse;
    });
    return success(response);
  }

  return { pull };
}

export type PullService = ReturnType<typeof createPullService>;
