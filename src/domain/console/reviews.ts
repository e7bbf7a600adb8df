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
