import { z } from 'zod';
import { distanceMeters } from '../../src/domain/map/geo';
import type {
  DecideRecordRequest,
  DecideRecordResponse,
  ResolveReviewRequest,
  ResolveReviewResponse,
  ReviewQueue,
  ReviewQueueItem,
  ReviewQueueQuery,
  ReviewRecordItem,
  ReviewRecordPage,
  ReviewRecordQuery,
  ReviewRecordView,
  SerialHolder,
} from '../../src/domain/console/reviews';
import { REVIEW_CODES, type ReviewStatus } from '../../src/domain/protocol/conflicts';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import { WIRE_TEXT } from '../../src/domain/protocol/wireText';
import type { NamedCompletionRecord } from '../store/completions';
import type { NewChange, StoredWorkOrder } from '../store/records';
import type { ResolvedReviewRecord, ReviewQueueKey, ReviewRecordGroup, ReviewRecordKey } from '../store/reviews';
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

const RecordCursor = z.strictObject({ v: z.literal(1), s: z.string(), t: CursorText, w: CursorText, r: z.string().max(100) });

function encodeRecordCursor(status: string, key: ReviewRecordKey): string {
  return Buffer.from(JSON.stringify({ v: 1, s: status, t: key.sortAt, w: key.workOrderId, r: key.resolvedAt })).toString('base64url');
}

function decodeRecordCursor(cursor: string, status: string): ReviewRecordKey | null {
  try {
    const parsed = RecordCursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data.s !== status) return null;
    if (parsed.data.r !== '' && !CursorText.safeParse(parsed.data.r).success) return null;
    return { sortAt: parsed.data.t, workOrderId: parsed.data.w, resolvedAt: parsed.data.r };
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
  const commissioning = new Map((await tx.commissioning.findFor(completions.map((c) => c.id))).map((c) => [c.completionId, c]));
  return items.map((item) => {
    const wo = workOrders.get(item.workOrderId);
    if (wo === undefined) throw new Error(`review ${item.id} names a missing work order`);
    const completion: NamedCompletionRecord | undefined = item.completionId === null ? primaryOf.get(wo.id) : byId.get(item.completionId);
    const view = completion === undefined ? null : toCompletionView(completion, commissioning.get(completion.id));
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

/** What a decision settles: some open items of one work order, locked by its row. */
interface Settlement {
  wo: StoredWorkOrder;
  /** Every item of the work order, as read under its lock. */
  items: readonly ResolvedReviewRecord[];
  /** The open items the decision closes. */
  settleIds: readonly string[];
  decision: 'approve' | 'return';
  note: string | null;
  actorId: string;
  at: string;
}

/** The technician whose device hears about the decision: who made the counted completion. */
async function technicianOf(tx: Repos, s: Settlement): Promise<{ id: string | null; primaryId: string | null }> {
  const primary = await tx.completions.findPrimaryForWorkOrder(s.wo.id);
  if (primary) return { id: primary.technicianId, primaryId: primary.id };
  const named = s.items.find((i) => s.settleIds.includes(i.id) && i.completionId !== null)?.completionId ?? null;
  const own = named === null ? undefined : await tx.completions.findById(named);
  return { id: own?.technicianId ?? s.wo.assigneeId, primaryId: null };
}

/**
 * Settles items in the caller's transaction (the work order's row locked): closes them, moves the work order, and
 * tells the technician who made the counted completion. Answers the work order's status after the decision.
 */
async function settle(tx: Repos, s: Settlement): Promise<Result<{ status: WorkOrderStatus }>> {
  const { wo, at } = s;
  const returning = s.decision === 'return';
  const technician = await technicianOf(tx, s);
  if (returning && (!REVIEWABLE_STATUSES.includes(wo.status) || technician.primaryId === null)) {
    return failure('VALIDATION_FAILED', 'Only a completed record can be returned to the technician.', {
      errors: [{ path: 'decision', code: 'not_returnable', message: 'This item has no completed record to return; approve it to close it.' }],
    });
  }
  const settled: 'approved' | 'returned' = returning ? 'returned' : 'approved';
  await tx.reviews.resolveOpen(s.settleIds, { status: settled, resolvedBy: s.actorId, resolvedAt: at, note: s.note });
  const after = s.items.map((i) => (s.settleIds.includes(i.id) ? { ...i, status: settled } : i));
  const nextStatus = returning ? 'returned' : statusAfterApproval(wo.status, after);
  const updated = await updateWorkOrder(tx, wo, { status: nextStatus, assigneeId: wo.assigneeId }, at);

  const changes: NewChange[] = [];
  if (technician.id !== null) {
    const recipient = technician.id;
    const version = updated.version;
    // updateWorkOrder told the assignee; the technician who made the record hears of a return even if not the assignee.
    if (returning && recipient !== updated.assigneeId)
      changes.push({ recipientUserId: recipient, entity: 'workOrder', entityId: wo.id, op: 'upsert', entityVersion: version });
    for (const id of s.settleIds) changes.push({ recipientUserId: recipient, entity: 'review', entityId: id, op: 'upsert', entityVersion: version });
    if (returning && technician.primaryId !== null) {
      changes.push({ recipientUserId: recipient, entity: 'completion', entityId: technician.primaryId, op: 'upsert', entityVersion: version });
    }
  }
  await tx.changes.append(changes, at);
  return ok({ status: updated.status });
}

/** Flags most important first (REVIEW_CODES order: the conflicts of design §6, then ESCALATED), `COMPLETION` last. */
function byImportance(a: { code: string; createdAt: string }, b: { code: string; createdAt: string }): number {
  const rank = (code: string) => {
    const i = (REVIEW_CODES as readonly string[]).indexOf(code);
    return code === 'COMPLETION' ? REVIEW_CODES.length + 1 : i === -1 ? REVIEW_CODES.length : i;
  };
  return rank(a.code) - rank(b.code) || a.createdAt.localeCompare(b.createdAt);
}

function workOrderStatus(value: string): WorkOrderStatus | null {
  return WORK_ORDER_STATUSES.find((s) => s === value) ?? null;
}

/**
 * Turns record groups into records with a bounded number of queries (work orders, their items, completions with
 * their technicians' names, the holders of their installed serials), whatever the page size. `scopeTeamId` (null:
 * every team) decides which other work orders holding a serial may be named.
 */
async function enrichRecords(
  tx: Repos,
  groups: readonly ReviewRecordGroup[],
  status: ReviewStatus | 'all',
  scopeTeamId: string | null,
): Promise<ReviewRecordView[]> {
  const workOrderIds = [...new Set(groups.map((g) => g.workOrderId))];
  const workOrders = new Map((await tx.workOrders.findByIds(workOrderIds)).map((wo) => [wo.id, wo]));
  const allItems = await tx.reviews.itemsOfWorkOrders(workOrderIds, status === 'all' ? undefined : status);
  const named = allItems.flatMap((i) => (i.completionId === null ? [] : [i.completionId]));
  const completions = await tx.completions.findForReview([...new Set(named)], workOrderIds);
  const byId = new Map(completions.map((c) => [c.id, c]));
  const primaryOf = new Map(completions.filter((c) => c.primary).map((c) => [c.workOrderId, c]));

  const shaped = groups.map((g) => {
    const wo = workOrders.get(g.workOrderId);
    if (wo === undefined) throw new Error(`review record names a missing work order ${g.workOrderId}`);
    const items = allItems.filter((i) => i.workOrderId === g.workOrderId && i.resolvedAt === g.resolvedAt).sort(byImportance);
    const submission = items.find((i) => i.code === 'COMPLETION' && i.completionId !== null);
    const completion: NamedCompletionRecord | undefined =
      (submission?.completionId == null ? undefined : byId.get(submission.completionId)) ??
      primaryOf.get(wo.id) ??
      items.map((i) => (i.completionId === null ? undefined : byId.get(i.completionId))).find((c) => c !== undefined);
    return { g, wo, items, completion };
  });
  const serials = shaped.flatMap((r) => (r.completion?.installedSerial == null ? [] : [r.completion.installedSerial]));
  const holders = await tx.completions.findPrimaryHoldersOfSerials(serials);
  const shownIds = shaped.flatMap((r) => (r.completion === undefined ? [] : [r.completion.id]));
  const commissioning = new Map((await tx.commissioning.findFor(shownIds)).map((c) => [c.completionId, c]));

  return shaped.map(({ g, wo, items, completion }) => {
    const [first] = items;
    if (first === undefined) throw new Error(`review record of ${wo.id} has no items`);
    const view = completion === undefined ? null : toCompletionView(completion, commissioning.get(completion.id));
    const serial = completion?.installedSerial ?? null;
    const serialHeldBy: SerialHolder[] = holders
      .filter((h) => serial !== null && h.serial === serial && h.workOrderId !== wo.id)
      .map((h) =>
        scopeTeamId === null || h.teamId === scopeTeamId
          ? {
              serial: h.serial,
              workOrderId: h.workOrderId,
              workOrderCode: h.workOrderCode,
              customerName: h.customerName,
              technicianName: h.technicianName,
              workOrderStatus: workOrderStatus(h.workOrderStatus),
            }
          : { serial: h.serial, workOrderId: null, workOrderCode: null, customerName: null, technicianName: null, workOrderStatus: null },
      );
    const recordItems: ReviewRecordItem[] = items.map((i) => ({
      id: i.id,
      workOrderId: i.workOrderId,
      completionId: i.completionId,
      code: i.code,
      detail: i.detail,
      status: i.status,
      createdAt: i.createdAt,
      technicianName: i.completionId === null ? null : (byId.get(i.completionId)?.technicianName ?? null),
    }));
    return {
      key: g.resolvedAt === null ? wo.id : `${wo.id}@${g.resolvedAt}`,
      workOrderId: wo.id,
      status: g.resolvedAt === null ? 'open' : first.status,
      createdAt: items.map((i) => i.createdAt).sort()[0] ?? first.createdAt,
      note: items.find((i) => i.note !== null)?.note ?? null,
      resolvedBy: first.resolvedBy,
      resolvedAt: g.resolvedAt,
      workOrder: toWireWorkOrder(wo),
      completion: view,
      technicianName: completion?.technicianName ?? null,
      gpsDistanceM: view === null ? null : Math.round(distanceMeters(view.gps, wo)),
      items: recordItems,
      serialHeldBy,
    };
  });
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
      const at = clock.now().toISOString();
      const items = await tx.reviews.listResolvedForWorkOrder(wo.id);
      const returning = request.decision === 'return';
      const resolvedIds = returning ? items.filter((i) => i.status === 'open').map((i) => i.id) : [item.id];
      const note = request.note === '' ? null : request.note;
      const decided = await settle(tx, { wo, items, settleIds: resolvedIds, decision: request.decision, note, actorId: auth.user.id, at });
      if (!decided.ok) return decided;
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: `review.${request.decision}`,
          entity: 'review',
          entityId: item.id,
          before: { status: item.status, workOrderId: wo.id, workOrderStatus: wo.status },
          after: { status: returning ? 'returned' : 'approved', workOrderStatus: decided.value.status, note, resolvedIds },
          at,
        },
      ]);
      const current = await tx.reviews.findById(id);
      if (!current) throw new Error(`review ${id} vanished`);
      const [review] = await enrich(tx, [current]);
      if (review === undefined) throw new Error(`review ${id} could not be shown`);
      return ok({ review, workOrderStatus: decided.value.status, resolvedIds });
    });
  }

  /**
   * `GET /api/v1/reviews/records` (issue 18 §5): the queue by record, one entry per work order waiting for a
   * decision with its flags inside, oldest first; settled records newest decision first. `openCount` counts records.
   */
  async function records(auth: AuthContext, query: ReviewRecordQuery): Promise<Result<ReviewRecordPage>> {
    let after: ReviewRecordKey | undefined;
    if (query.cursor !== undefined) {
      const decoded = decodeRecordCursor(query.cursor, query.status);
      if (decoded === null) {
        return failure('VALIDATION_FAILED', 'The cursor is not one this server gave out for this list.', {
          errors: [{ path: 'cursor', code: 'invalid_cursor', message: 'Start again without a cursor.' }],
        });
      }
      after = decoded;
    }
    const scope = teamScope(auth);
    if (scope === null) return ok({ items: [], nextCursor: null, openCount: 0 });
    return ok(
      await store.snapshot(async (tx) => {
        const groups = await tx.reviews.listRecordGroups({
          teamId: scope.teamId,
          status: query.status,
          workOrderId: query.workOrderId,
          order: query.status === 'open' ? 'asc' : 'desc',
          after,
          limit: query.limit + 1,
        });
        const page = groups.slice(0, query.limit);
        const last = page.at(-1);
        return {
          items: await enrichRecords(tx, page, query.status, scope.teamId),
          nextCursor:
            groups.length > query.limit && last !== undefined
              ? encodeRecordCursor(query.status, { sortAt: last.sortAt, workOrderId: last.workOrderId, resolvedAt: last.resolvedAt ?? '' })
              : null,
          openCount: await tx.reviews.countOpenRecords(scope.teamId),
        };
      }),
    );
  }

  /**
   * `POST /api/v1/reviews/records/:workOrderId/decision` (issue 18 §5, issue 16 §5): one decision settles the record's
   * open items together (its `COMPLETION` item and its flags), in one transaction under the work order's row lock,
   * with one audit entry. The request names the open items the supervisor saw; approving acknowledges every flag
   * among them. Nothing open any more, or one of them already settled → 409 REVIEW_CLOSED (a second decision, from
   * another supervisor or tab); another item open that the request does not name → 409 REVIEW_CHANGED.
   */
  async function decideRecord(auth: AuthContext, workOrderId: string, request: DecideRecordRequest): Promise<Result<DecideRecordResponse>> {
    return store.transaction(async (tx) => {
      const wo = await tx.workOrders.findByIdForUpdate(workOrderId);
      if (!wo) return failure('NOT_FOUND', 'No such work order.');
      if (!mayDecide(auth, wo)) return failure('FORBIDDEN', 'This record belongs to another team.');
      const items = await tx.reviews.listResolvedForWorkOrder(wo.id);
      const requested = [...new Set(request.reviewIds)];
      const foreign = requested.filter((id) => !items.some((i) => i.id === id));
      if (foreign.length > 0) {
        return failure('VALIDATION_FAILED', 'Some review items are not of this work order.', {
          errors: foreign.map((id) => ({
            path: `reviewIds.${request.reviewIds.indexOf(id)}`,
            code: 'not_in_record',
            message: "This item is not one of the record's.",
          })),
        });
      }
      const open = items.filter((i) => i.status === 'open');
      const closed = requested.filter((id) => !open.some((i) => i.id === id));
      if (open.length === 0 || closed.length > 0) {
        return failure('REVIEW_CLOSED', 'This record was already decided; reload the queue.');
      }
      const unseen = open.filter((i) => !requested.includes(i.id));
      if (unseen.length > 0) {
        return failure('REVIEW_CHANGED', `The record has ${unseen.length} open item(s) the decision does not name; look at it again.`, {
          errors: unseen.map((i) => ({ path: 'reviewIds', code: 'not_acknowledged', message: `Open item ${i.id} (${i.code}) is not named.` })),
        });
      }
      const at = clock.now().toISOString();
      const note = request.note === '' ? null : request.note;
      const settleIds = open.map((i) => i.id);
      const decided = await settle(tx, { wo, items, settleIds, decision: request.decision, note, actorId: auth.user.id, at });
      if (!decided.ok) return decided;
      const settled = request.decision === 'return' ? 'returned' : 'approved';
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: `review.${request.decision}`,
          entity: 'workOrder',
          entityId: wo.id,
          before: { workOrderStatus: wo.status, items: open.map((i) => ({ id: i.id, code: i.code, status: i.status })) },
          after: {
            status: settled,
            workOrderStatus: decided.value.status,
            note,
            resolvedIds: settleIds,
            acknowledged: request.decision === 'approve' ? open.filter((i) => i.code !== 'COMPLETION').map((i) => i.code) : [],
          },
          at,
        },
      ]);
      const [record] = await enrichRecords(tx, [{ workOrderId: wo.id, resolvedAt: at, sortAt: at }], settled, teamScope(auth)?.teamId ?? null);
      if (record === undefined) throw new Error(`the record of ${wo.id} could not be shown`);
      return ok({ record, workOrderStatus: decided.value.status, resolvedIds: settleIds });
    });
  }

  return { queue, resolve, records, decideRecord };
}

export type ReviewService = ReturnType<typeof createReviewService>;
