import { z } from 'zod';
import { distanceMeters } from '../../src/domain/map/geo';
import type { ResolveReviewRequest, ResolveReviewResponse, ReviewQueue, ReviewQueueItem, ReviewQueueQuery } from '../../src/domain/console/reviews';
import type { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import { WIRE_TEXT } from '../../src/domain/protocol/wireText';
import type { NamedCompletionRecord } from '../store/completions';
import type { NewChange, StoredWorkOrder } from '../store/records';
import type { ResolvedReviewRecord, ReviewQueueKey } from '../store/reviews';
import type { Repos, Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { toCompletionView } from './completionView';
import { updateWorkOrder } from './mutations/workOrderUpdate';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';
import { REVIEWABLE_STATUSES, statusAfterApproval } from './reviewRules';
import { toWireWorkOrder } from './workOrderWire';

/**
 * The queue cursor is opaque to clients: base64url of {v, s: the status it lists, c/i: the last item's key}. A client
 * can forge one, and `c`/`i` reach SQL: they obey the wire-text rule like any input (PostgreSQL refuses NUL).
 */
const CursorText = z
  .string()
  .check(...WIRE_TEXT)
  .min(1)
  .max(100);
const QueueCursor = z.strictObject({ v: z.literal(1), s: z.string(), c: CursorText, i: CursorText });

function encodeQueueCursor(status: string, key: ReviewQueueKey): string {
  return Buffer.from(JSON.stringify({ v: 1, s: status, c: key.createdAt, i: key.id })).toString('base64url');
}

function decodeQueueCursor(cursor: string, status: string): ReviewQueueKey | null {
  try {
    const parsed = QueueCursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.s === status ? { createdAt: parsed.data.c, id: parsed.data.i } : null;
  } catch {
    return null;
  }
}

/** Supervisors see their own team only (none without a team); admins every team. */
function teamScope(auth: AuthContext): { teamId: string | null } | null {
  if (auth.user.role === 'admin') return { teamId: null };
  if (auth.user.role === 'supervisor' && auth.user.teamId !== null) return { teamId: auth.user.teamId };
  return null;
}

function mayDecide(auth: AuthContext, wo: StoredWorkOrder): boolean {
  const scope = teamScope(auth);
  return scope !== null && (scope.teamId === null || scope.teamId === wo.teamId);
}

/**
 * Turns a page of items into queue items with a bounded number of queries (work orders, then completions with
 * their technicians' names), whatever the page size.
 */
async function enrich(tx: Repos, items: readonly ResolvedReviewRecord[]): Promise<ReviewQueueItem[]> {
  const workOrderIds = [...new Set(items.map((i) => i.workOrderId))];
  const workOrders = new Map((await tx.workOrders.findByIds(workOrderIds)).map((wo) => [wo.id, wo]));
  const named = items.flatMap((i) => (i.completionId === null ? [] : [i.completionId]));
  const completions = await tx.completions.findForReview([...new Set(named)], workOrderIds);
  const byId = new Map(completions.map((c) => [c.id, c]));
  const primaryOf = new Map(completions.filter((c) => c.primary).map((c) => [c.workOrderId, c]));
  return items.map((item) => {
    const wo = workOrders.get(item.workOrderId);
    if (wo === undefined) throw new Error(`review ${item.id} names a missing work order`);
    const completion: NamedCompletionRecord | undefined = item.completionId === null ? primaryOf.get(wo.id) : byId.get(item.completionId);
    const view = completion === undefined ? null : toCompletionView(completion);
    return {
      id: item.id,
      workOrderId: item.workOrderId,
      completionId: item.completionId,
      code: item.code,
      detail: item.detail,
      status: item.status,
      createdAt: item.createdAt,
      note: item.note,
      resolvedBy: item.resolvedBy,
      resolvedAt: item.resolvedAt,
      workOrder: toWireWorkOrder(wo),
      completion: view,
      technicianName: completion?.technicianName ?? null,
      gpsDistanceM: view === null ? null : Math.round(distanceMeters(view.gps, wo)),
    };
  });
}

interface Decision {
  item: ResolvedReviewRecord;
  wo: StoredWorkOrder;
  request: ResolveReviewRequest;
  actorId: string;
  at: string;
}

/** The technician whose device hears about the decision: who made the counted completion. */
async function technicianOf(tx: Repos, d: Decision): Promise<{ id: string | null; primaryId: string | null }> {
  const primary = await tx.completions.findPrimaryForWorkOrder(d.wo.id);
  if (primary) return { id: primary.technicianId, primaryId: primary.id };
  const own = d.item.completionId === null ? undefined : await tx.completions.findById(d.item.completionId);
  return { id: own?.technicianId ?? d.wo.assigneeId, primaryId: null };
}

/** Applies a decision in the caller's transaction; answers the closed item ids and the work order's new status. */
async function decide(tx: Repos, d: Decision): Promise<Result<{ resolvedIds: string[]; status: WorkOrderStatus }>> {
  const { item, wo, request, at } = d;
  const returning = request.decision === 'return';
  const technician = await technicianOf(tx, d);
  if (returning && (!REVIEWABLE_STATUSES.includes(wo.status) || technician.primaryId === null)) {
    return failure('VALIDATION_FAILED', 'Only a completed record can be returned to the technician.', {
      errors: [{ path: 'decision', code: 'not_returnable', message: 'This item has no completed record to return; approve it to close it.' }],
    });
  }
  const note = request.note === '' ? null : request.note;
  const items = await tx.reviews.listResolvedForWorkOrder(wo.id);
  const resolvedIds = returning ? items.filter((i) => i.status === 'open').map((i) => i.id) : [item.id];
  await tx.reviews.resolveOpen(resolvedIds, { status: returning ? 'returned' : 'approved', resolvedBy: d.actorId, resolvedAt: at, note });
  const after = items.map((i) => (resolvedIds.includes(i.id) ? { ...i, status: returning ? ('returned' as const) : ('approved' as const) } : i));
  const nextStatus = returning ? 'returned' : statusAfterApproval(wo.status, after);
  const updated = await updateWorkOrder(tx, wo, { status: nextStatus, assigneeId: wo.assigneeId }, at);

  const changes: NewChange[] = [];
  if (technician.id !== null) {
    const recipient = technician.id;
    const version = updated.version;
    // updateWorkOrder told the assignee; the technician who made the record hears of a return even if not the assignee.
    if (returning && recipient !== updated.assigneeId)
      changes.push({ recipientUserId: recipient, entity: 'workOrder', entityId: wo.id, op: 'upsert', entityVersion: version });
    for (const id of resolvedIds) changes.push({ recipientUserId: recipient, entity: 'review', entityId: id, op: 'upsert', entityVersion: version });
    if (returning && technician.primaryId !== null) {
      changes.push({ recipientUserId: recipient, entity: 'completion', entityId: technician.primaryId, op: 'upsert', entityVersion: version });
    }
  }
  await tx.changes.append(changes, at);
  await tx.audit.append([
    {
      actorId: d.actorId,
      action: `review.${request.decision}`,
      entity: 'review',
      entityId: item.id,
      before: { status: item.status, workOrderId: wo.id, workOrderStatus: wo.status },
      after: { status: returning ? 'returned' : 'approved', workOrderStatus: updated.status, note, resolvedIds },
      at,
    },
  ]);
  return ok({ resolvedIds, status: updated.status });
}

export function createReviewService(store: Store, clock: Clock) {
  /**
   * `GET /api/v1/reviews` (design §9): the caller's team's items, oldest first while open (a queue), newest first
   * for closed ones and `all`; keyset pagination on (createdAt, id).
   */
  async function queue(auth: AuthContext, query: ReviewQueueQuery): Promise<Result<ReviewQueue>> {
    let after: ReviewQueueKey | undefined;
    if (query.cursor !== undefined) {
      const decoded = decodeQueueCursor(query.cursor, query.status);
      if (decoded === null) {
        return failure('VALIDATION_FAILED', 'The cursor is not one this server gave out for this list.', {
          errors: [{ path: 'cursor', code: 'invalid_cursor', message: 'Start again without a cursor.' }],
        });
      }
      after = decoded;
    }
    const scope = teamScope(auth);
    if (scope === null) return ok({ items: [], nextCursor: null });
    return ok(
      await store.snapshot(async (tx) => {
        const rows = await tx.reviews.listQueue({
          teamId: scope.teamId,
          status: query.status,
          workOrderId: query.workOrderId,
          order: query.status === 'open' ? 'asc' : 'desc',
          after,
          limit: query.limit + 1,
        });
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          items: await enrich(tx, page),
          nextCursor: rows.length > query.limit && last !== undefined ? encodeQueueCursor(query.status, last) : null,
        };
      }),
    );
  }

  /**
   * `POST /api/v1/reviews/:id/resolve`, in one transaction under the work order's row lock. Approving an item
   * accepts it; the work order becomes `approved` once nothing of it is open and its submission's `COMPLETION` item is
   * approved (see statusAfterApproval). Returning closes every open item of the work order as `returned` with the
   * note and moves it to `returned`. The technician who made the counted completion gets the review upserts, the
   * work order upsert, and on a return the completion itself. One audit entry per decision.
   */
  async function resolve(auth: AuthContext, id: string, request: ResolveReviewRequest): Promise<Result<ResolveReviewResponse>> {
    return store.transaction(async (tx) => {
      const found = await tx.reviews.findById(id);
      if (!found) return failure('NOT_FOUND', 'No such review item.');
      const wo = await tx.workOrders.findByIdForUpdate(found.workOrderId);
      if (!wo) throw new Error(`review ${id} names a missing work order`);
      if (!mayDecide(auth, wo)) return failure('FORBIDDEN', 'This review item belongs to another team.');
      const item = await tx.reviews.findById(id); // again, now that the work order's lock orders deciders
      if (!item || item.status !== 'open') return failure('REVIEW_CLOSED', `This item is already ${item?.status ?? 'gone'}.`);
      const decided = await decide(tx, { item, wo, request, actorId: auth.user.id, at: clock.now().toISOString() });
      if (!decided.ok) return decided;
      const current = await tx.reviews.findById(id);
      if (!current) throw new Error(`review ${id} vanished`);
      const [review] = await enrich(tx, [current]);
      if (review === undefined) throw new Error(`review ${id} could not be shown`);
      return ok({ review, workOrderStatus: decided.value.status, resolvedIds: decided.value.resolvedIds });
    });
  }

  return { queue, resolve };
}

export type ReviewService = ReturnType<typeof createReviewService>;
