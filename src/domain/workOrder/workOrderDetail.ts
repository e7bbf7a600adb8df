import * as z from 'zod/mini';
import { ReviewStatus } from '../protocol/conflicts';
import { SwapCompleteArgs, VisitFailArgs } from '../protocol/mutations';
import { MediaStatus } from '../capture/photos';
import { CommissioningView } from '../commissioning/commissioning';
import { WorkOrder } from './workOrder';

const Instant = z.iso.datetime({ offset: true });

/** A completion as the server keeps it: the device's payload plus what the server decided on receipt. */
export const CompletionView = z.object({
  ...SwapCompleteArgs.shape,
  id: z.uuid(),
  technicianId: z.uuid(),
  /** The completion that counts for the work order; a duplicate is stored but not primary. */
  primary: z.boolean(),
  /** `partial` ("awaiting photos") until every referenced photo has arrived. */
  mediaStatus: MediaStatus,
  receivedAt: Instant,
  /** Conflict codes and warnings noted on receipt (e.g. `METER_SERIAL_MISMATCH`, `gps_far_from_site`). */
  flags: z.array(z.string()),
  /** Whether the head-end has confirmed the new meter (issue 17); absent for completions from before it. */
  commissioning: z.optional(CommissioningView),
});
export type CompletionView = z.infer<typeof CompletionView>;

/** A failed visit as stored. */
export const VisitView = z.object({
  ...VisitFailArgs.shape,
  id: z.uuid(),
  technicianId: z.uuid(),
  receivedAt: Instant,
  /** The position warnings a completion's `flags` carry (`gps_far_from_site`, `gps_low_accuracy`), judged by the same rule. */
  flags: z.array(z.string()),
});
export type VisitView = z.infer<typeof VisitView>;

/** One row of the assignment history, oldest first. */
export const AssignmentView = z.object({
  id: z.uuid(),
  technicianId: z.uuid(),
  assignedBy: z.nullable(z.uuid()),
  assignedAt: Instant,
  endedAt: z.nullable(Instant),
  endReason: z.nullable(z.string()),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const ReviewView = z.object({
  id: z.uuid(),
  workOrderId: z.uuid(),
  completionId: z.nullable(z.uuid()),
  /** One of REVIEW_CODES; kept open to codes later versions add. */
  code: z.string(),
  detail: z.string(),
  status: ReviewStatus,
  createdAt: Instant,
});
export type ReviewView = z.infer<typeof ReviewView>;

/** Answer of `GET /api/v1/work-orders/:id` (design §9). */
export const WorkOrderDetail = z.object({
  ...WorkOrder.shape,
  completions: z.array(CompletionView),
  visits: z.array(VisitView),
  history: z.array(AssignmentView),
  reviews: z.array(ReviewView),
});
export type WorkOrderDetail = z.infer<typeof WorkOrderDetail>;
