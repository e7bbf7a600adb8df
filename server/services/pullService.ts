import type { Change, PullQuery, PullResponse } from '../../src/domain/sync';
import type { ChangeRecord, StoredWorkOrder } from '../store/records';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { decodeCursor, encodeCursor } from './cursor';
import { failure, success, type Result } from './result';
import { toWireWorkOrder } from './workOrderWire';

function toChange(record: ChangeRecord, workOrders: ReadonlyMap<string, StoredWorkOrder>): Change {
  const current = record.entity === 'workOrder' && record.op === 'upsert' ? workOrders.get(record.entityId) : undefined;
  if (record.entity === 'workOrder') {
    // Upserts carry the work order as it is now; a vanished row can only be revoked.
    return current
      ? { entity: 'workOrder', op: 'upsert', id: record.entityId, version: current.version, data: toWireWorkOrder(current) }
      : { entity: 'workOrder', op: 'revoke', id: record.entityId, version: record.entityVersion };
  }
  return { entity: record.entity, op: record.op, id: record.entityId, version: record.entityVersion };
}

export function createPullService(store: Store, clock: Clock) {
  /**
   * One page of the caller's feed (design §5). The client id is bound to the caller on first sight, in its own
   * short transaction; then the page and `lastSeq` are read from one snapshot, so an acknowledged push is
   * never reported without its effects.
   */
  async function pull(auth: AuthContext, query: PullQuery): Promise<Result<PullResponse>> {
    const userId = auth.user.id;
    const now = clock.now().toISOString();
    const owner = await store.syncClients.bind(query.clientId, userId, now);
    if (owner.userId !== userId) {
      return failure('CLIENT_USER_MISMATCH', 'This client id belongs to another user; create a new local database.');
    }
    await store.syncClients.touch(query.clientId, now);

    const response = await store.snapshot(async (tx) => {
      const epoch = await tx.meta.epoch();
      const position = decodeCursor(query.cursor, epoch, userId);
      const rows = await tx.changes.listAfter(userId, position.afterChangeId, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const upserted = [...new Set(page.filter((r) => r.entity === 'workOrder' && r.op === 'upsert').map((r) => r.entityId))];
      const workOrders = new Map((await tx.workOrders.findByIds(upserted)).map((wo) => [wo.id, wo]));
      const lastChangeId = page.at(-1)?.changeId ?? position.afterChangeId;
      return {
        cursor: encodeCursor(epoch, userId, lastChangeId),
        hasMore: rows.length > query.limit,
        reset: position.reset,
        lastSeq: await tx.syncClients.lastSeq(query.clientId),
        changes: page.map((r) => toChange(r, workOrders)),
      } satisfies PullResponse;
    });
    return success(response);
  }

  return { pull };
}

export type PullService = ReturnType<typeof createPullService>;
