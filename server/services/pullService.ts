import { BASE_CHANGE_ENTITIES, type Change, type ChangeEntity, type PullQuery, type PullResponse } from '../../src/domain/protocol/sync';
import { technicianHolder } from '../../src/domain/stock/stock';
import type { StockItemNow } from '../store/stock';
import { toStockItem } from './stockService';
import type { CheckIn } from '../store/checkIns';
import type { ChangeRecord, CompletionRecord, DeviceBacklogReport, StoredWorkOrder, SyncClientRecord } from '../store/records';
import type { ResolvedReviewRecord } from '../store/reviews';
import type { Repos, Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { toCompletionView } from './completionView';
import type { CommissioningRecord } from '../store/commissioning';
import { claimedPosition, decodeCursor, encodeCursor, type FeedHead } from './cursor';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';
import { toWireWorkOrder } from './workOrderWire';

/** The current rows of the entities a page upserts, read in the page's snapshot. */
interface PageRows {
  workOrders: ReadonlyMap<string, StoredWorkOrder>;
  reviews: ReadonlyMap<string, ResolvedReviewRecord>;
  completions: ReadonlyMap<string, CompletionRecord>;
  commissioning: ReadonlyMap<string, CommissioningRecord>;
  stockItems: ReadonlyMap<string, StockItemNow>;
}

async function loadPageRows(tx: Repos, page: readonly ChangeRecord[]): Promise<PageRows> {
  const upserted = (entity: ChangeEntity) => [...new Set(page.filter((r) => r.entity === entity && r.op === 'upsert').map((r) => r.entityId))];
  return {
    workOrders: new Map((await tx.workOrders.findByIds(upserted('workOrder'))).map((wo) => [wo.id, wo])),
    reviews: new Map((await tx.reviews.findByIds(upserted('review'))).map((r) => [r.id, r])),
    completions: new Map((await tx.completions.findByIds(upserted('completion'))).map((c) => [c.id, c])),
    commissioning: new Map((await tx.commissioning.findFor(upserted('completion'))).map((c) => [c.completionId, c])),
    stockItems: new Map((await tx.stock.findByIds(upserted('stockItem'))).map((i) => [i.id, i])),
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
            entity: 'review',
            op: 'upsert',
            id,
            version,
            data: {
              id: r.id,
              workOrderId: r.workOrderId,
              completionId: r.completionId,
              code: r.code,
              status: r.status,
              note: r.note,
              resolvedAt: r.resolvedAt,
            },
          }
        : { entity: 'review', op: 'revoke', id, version };
    }
    case 'completion': {
      const c = upsert ? rows.completions.get(id) : undefined;
      return c
        ? { entity: 'completion', op: 'upsert', id, version, data: toCompletionView(c, rows.commissioning.get(id)) }
        : { entity: 'completion', op: 'revoke', id, version };
    }
    case 'stockItem': {
      // Sent as it is now: an item that has left the recipient since (its revoke follows) is already a revoke.
      const item = upsert ? rows.stockItems.get(id) : undefined;
      return item !== undefined && item.holder === technicianHolder(record.recipientUserId)
        ? { entity: 'stockItem', op: 'upsert', id, version: item.seq, data: toStockItem(item) }
        : { entity: 'stockItem', op: 'revoke', id, version };
    }
  }
}

/**
 * A removed meter's upsert (kind `removed`, issue 16 §4): only for `stock=2`. A `stock=1` client refuses a kind it
 * does not know, so it never gets one; a revoke names no kind, and one of an id it never had is nothing to it.
 */
const isRemovedMeter = (c: Change) => c.entity === 'stockItem' && c.op === 'upsert' && c.data?.kind === 'removed';

/**
 * The cursor of a page that ends the caller's feed: at the feed's head (or its horizon, when compaction removed the
 * newest rows), not at the caller's last row, since no row of theirs can ever appear at or below it (change ids are
 * commit order). A device whose own feed is quiet keeps up with the feed, so compaction's horizon, which follows the
 * feed, never sends it back to a full pull.
 */
function endOfFeed(feed: FeedHead, userId: string, afterChangeId: number): string {
  return encodeCursor(feed.epoch, userId, Math.max(afterChangeId, feed.head, feed.horizon));
}

/** Where a check-in that could not be written is reported (the app's logger). */
export interface PullLog {
  error(details: object, message: string): void;
}

/** What one snapshot saw: the client's owner, and the caller's page when the caller owns it. */
interface Read {
  owner: SyncClientRecord | null;
  page: PullResponse | null;
}

export function createPullService(store: Store, clock: Clock, log: PullLog) {
  /**
   * The client's owner and, when it is the caller, the page and `lastSeq`, all from one snapshot (design §5). A full
   * pull (no cursor, or one to reset) reads the feed from the start without the revokes up to the snapshot's head:
   * the feed holds one row per (recipient, entity, id), so what it sends is what the caller owns now, and the revokes
   * committed after that head, which may take away something it sent, still come in the pages that follow.
   */
  function read(userId: string, query: PullQuery): Promise<Read> {
    return store.snapshot(async (tx) => {
      // One round trip for all of it: on PostgreSQL each one is a turn of the event loop and a query beside the import.
      const { client: owner, ...feed } = await tx.syncClients.pullHead(query.clientId, userId, 0);
      if (owner?.userId !== userId) return { owner, page: null };
      const position = decodeCursor(query.cursor, feed, userId);
      const entities = query.stock === '1' || query.stock === '2' ? undefined : BASE_CHANGE_ENTITIES;
      const rows = await tx.changes.listAfter(userId, position.afterChangeId, query.limit + 1, position.revokesThrough, entities);
      const page = rows.slice(0, query.limit);
      const hasMore = rows.length > query.limit;
      const current = await loadPageRows(tx, page);
      return {
        owner,
        page: {
          cursor: hasMore
            ? encodeCursor(feed.epoch, userId, page.at(-1)?.changeId ?? position.afterChangeId, position.revokesThrough)
            : endOfFeed(feed, userId, position.afterChangeId),
          hasMore,
          reset: position.reset,
          lastSeq: owner.lastSeq,
          changes: page.map((r) => toChange(r, current)).filter((c) => query.stock === '2' || !isRemovedMeter(c)),
        } satisfies PullResponse,
      };
    });
  }

  /**
   * The pull of a device in sync (its cursor at the end of its feed), from one statement: no transaction, one round
   * trip, and `lastSeq` read in the same snapshot as the feed's end. Null when that is not the case (a first pull, a
   * cursor to reset, something new): then the full read answers.
   */
  async function readInSync(userId: string, query: PullQuery): Promise<Read | null> {
    const claimed = claimedPosition(query.cursor);
    // A full pull under way (revokes still to leave out ahead of its position) has more to read: no need to ask.
    if (claimed?.userId !== userId || claimed.revokesThrough > claimed.afterChangeId) return null;
    const { client, changesAfter, ...feed } = await store.syncClients.pullHead(query.clientId, userId, claimed.afterChangeId);
    if (client !== null && client.userId !== userId) return { owner: client, page: null };
    if (client === null || changesAfter || decodeCursor(query.cursor, feed, userId).reset) return null;
    return {
      owner: client,
      page: { cursor: endOfFeed(feed, userId, claimed.afterChangeId), hasMore: false, reset: false, lastSeq: client.lastSeq, changes: [] },
    };
  }

  /**
   * One page of the caller's feed (design §5). The page, `lastSeq` and the client's owner are read from one
   * snapshot, so an acknowledged push is never reported without its effects. A pull writes nothing before it
   * answers, except on a client's first sight (once per device): the binding is written first, so that a client id
   * is never claimed by two users. Otherwise the sighting and the device's backlog report are written after the
   * answer (store.checkIns): a pull never waits for a write it does not need (an import publishing, issue 13 §7).
   */
  async function pull(auth: AuthContext, query: PullQuery): Promise<Result<PullResponse>> {
    const userId = auth.user.id;
    const now = clock.now().toISOString();
    const reported = query.pendingRecords !== undefined || query.pendingPhotos !== undefined;
    const report: DeviceBacklogReport | undefined = reported
      ? {
          pendingRecords: query.pendingRecords ?? 0,
          pendingPhotos: query.pendingPhotos ?? 0,
          oldestPendingAt: query.oldestPendingAt === undefined ? null : new Date(query.oldestPendingAt).toISOString(),
        }
      : undefined;
    const mismatch = () => failure('CLIENT_USER_MISMATCH', 'This client id belongs to another user; create a new local database.');

    let seen = (await readInSync(userId, query)) ?? (await read(userId, query));
    if (seen.owner === null) {
      // First sight: bound (with its sighting and report) in one statement, which may wait for the write gate.
      const owner = await store.syncClients.checkIn(query.clientId, userId, now, report);
      if (owner.userId !== userId) return mismatch();
      seen = await read(userId, query);
    } else if (seen.page !== null) {
      const checkIn: CheckIn = {
        clientId: query.clientId,
        userId,
        seenAt: now,
        ...(report === undefined ? {} : { report: { ...report, reportedAt: now } }),
      };
      store.checkIns.record(checkIn).catch((error: unknown) => {
        // Not retried: the device's next pull checks in again. Said, so a supervisor's stale figure has a cause.
        log.error({ err: error, checkIn }, "a pull's check-in (last seen, backlog report) could not be written");
      });
    }
    return seen.page === null ? mismatch() : ok(seen.page);
  }

  return { pull };
}

export type PullService = ReturnType<typeof createPullService>;
