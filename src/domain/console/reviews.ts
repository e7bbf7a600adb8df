import * as z from 'zod/mini';
import { ReviewStatus } from '../protocol/conflicts';
import { CompletionView, ReviewView } from '../workOrder/workOrderDetail';
import { WorkOrder, WorkOrderStatus } from '../workOrder/workOrder';
import { WIRE_TEXT } from '../protocol/wireText';

const Instant = z.iso.datetime({ offset: true });

/**
 * The review queue (đối soát, design §9): every primary completion gets a `COMPLETION` item when it arrives
 * (and again when a returned record is resubmitted); each conflict of design §6 gets an item of its own code.
 */
export const ReviewQueueQuery = z.object({
  status: z._default(z.union([ReviewStatus, z.literal('all')]), 'open'),
  workOrderId: z.optional(z.uuid()),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(200))),
});
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuery>;

export const ReviewQueueItem = z.extend(ReviewView, {
  note: z.nullable(z.string()),
  resolvedBy: z.nullable(z.uuid()),
  resolvedAt: z.nullable(Instant),
  workOrder: WorkOrder,
  /** The completion the item is about (the primary one when the item names none); null for items without one. */
  completion: z.nullable(CompletionView),
  technicianName: z.nullable(z.string()),
  /** Straight-line metres between the completion's GPS fix and the work order's coordinates. */
  gpsDistanceM: z.nullable(z.number().check(z.nonnegative())),
});
export type ReviewQueueItem = z.infer<typeof ReviewQueueItem>;

export const ReviewQueue = z.object({ items: z.array(ReviewQueueItem), nextCursor: z.nullable(z.string()) });
export type ReviewQueue = z.infer<typeof ReviewQueue>;

/** `POST /api/v1/reviews/:id/resolve`. Returning needs a note telling the technician what to fix. */
export const ResolveReviewRequest = z
  .strictObject({
    decision: z.enum(['approve', 'return']),
    note: z._default(z.string().check(...WIRE_TEXT, z.trim(), z.maxLength(500)), ''),
  })
  .check(z.refine((r) => r.decision === 'approve' || r.note !== '', { path: ['note'], message: 'Say what to fix when returning a record.' }));
export type ResolveReviewRequest = z.infer<typeof ResolveReviewRequest>;

/**
 * Answer of `POST /api/v1/reviews/:id/resolve` (v1 addition): the item as it is now, the work order's status
 * after the decision, and every item the decision closed (returning closes all open items of the work order).
 */
export const ResolveReviewResponse = z.object({
  review: ReviewQueueItem,
  workOrderStatus: WorkOrderStatus,
  resolvedIds: z.array(z.uuid()),
});
export type ResolveReviewResponse = z.infer<typeof ResolveReviewResponse>;

/*
 * Records (issue 18 §5, issue 16 §5): one record, one decision. The queue lists a work order's open items as one
 * record (its `COMPLETION` item and its flags, the conflicts of design §6); approving or returning the record settles
 * them together. Settled records are the items one decision closed. The per-item endpoints above stay for the API.
 */

/** `GET /api/v1/reviews/records`: open records oldest first (a queue); settled ones newest decision first. */
export const ReviewRecordQuery = z.object({
  status: z._default(z.union([ReviewStatus, z.literal('all')]), 'open'),
  workOrderId: z.optional(z.uuid()),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(300))),
});
export type ReviewRecordQuery = z.infer<typeof ReviewRecordQuery>;

/**
 * Another work order whose counted completion installed the same meter (what SERIAL_ALREADY_INSTALLED is about),
 * as it is now. An order of another team is only said to exist: its fields are null.
 */
export const SerialHolder = z.object({
  serial: z.string(),
  workOrderId: z.nullable(z.uuid()),
  workOrderCode: z.nullable(z.string()),
  customerName: z.nullable(z.string()),
  technicianName: z.nullable(z.string()),
  workOrderStatus: z.nullable(WorkOrderStatus),
});
export type SerialHolder = z.infer<typeof SerialHolder>;

/** One item of a record: its `COMPLETION` item or one of its flags, with who made the completion it names. */
export const ReviewRecordItem = z.extend(ReviewView, {
  technicianName: z.nullable(z.string()),
});
export type ReviewRecordItem = z.infer<typeof ReviewRecordItem>;

export const ReviewRecordView = z.object({
  /** Names the record: its work order while open; the work order and the decision's time once settled. */
  key: z.string(),
  workOrderId: z.uuid(),
  status: ReviewStatus,
  /** When its oldest item was opened. */
  createdAt: Instant,
  note: z.nullable(z.string()),
  resolvedBy: z.nullable(z.uuid()),
  resolvedAt: z.nullable(Instant),
  workOrder: WorkOrder,
  /** The work order's counted (primary) completion, else the one its items name; null for a record without one. */
  completion: z.nullable(CompletionView),
  technicianName: z.nullable(z.string()),
  gpsDistanceM: z.nullable(z.number().check(z.nonnegative())),
  /** Every item the decision settles (or settled): flags most important first, the `COMPLETION` item last. */
  items: z.array(ReviewRecordItem),
  /** Other work orders whose counted completion installed this record's new meter, whatever its flags say. */
  serialHeldBy: z.array(SerialHolder),
});
export type ReviewRecordView = z.infer<typeof ReviewRecordView>;

export const ReviewRecordPage = z.object({
  items: z.array(ReviewRecordView),
  nextCursor: z.nullable(z.string()),
  /** Records waiting for a decision in the caller's scope (not items): what the queue's counter shows. */
  openCount: z.number().check(z.int(), z.nonnegative()),
});
export type ReviewRecordPage = z.infer<typeof ReviewRecordPage>;

/**
 * `POST /api/v1/reviews/records/:workOrderId/decision`. `reviewIds` are the record's open items as the supervisor saw
 * them: the decision settles exactly those, and approving states that every flag among them was acknowledged. If the
 * record has another open item by then (a flag that arrived meanwhile) nothing is settled: 409 REVIEW_CHANGED.
 */
export const DecideRecordRequest = z
  .strictObject({
    decision: z.enum(['approve', 'return']),
    note: z._default(z.string().check(...WIRE_TEXT, z.trim(), z.maxLength(500)), ''),
    reviewIds: z.array(z.uuid()).check(z.minLength(1), z.maxLength(100)),
  })
  .check(z.refine((r) => r.decision === 'approve' || r.note !== '', { path: ['note'], message: 'Say what to fix when returning a record.' }));
export type DecideRecordRequest = z.infer<typeof DecideRecordRequest>;

export const DecideRecordParams = z.object({ workOrderId: z.uuid() });

export const DecideRecordResponse = z.object({
  record: ReviewRecordView,
  workOrderStatus: WorkOrderStatus,
  resolvedIds: z.array(z.uuid()),
});
export type DecideRecordResponse = z.infer<typeof DecideRecordResponse>;
