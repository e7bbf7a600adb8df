import type { ReviewStatus } from '../../src/domain/protocol/conflicts';
import type { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';

/** Work-order statuses that hold a completion waiting for đối soát: the only ones a decision moves. */
export const REVIEWABLE_STATUSES: readonly WorkOrderStatus[] = ['completed', 'needs_review'];

interface ItemState {
  code: string;
  status: ReviewStatus;
}

/**
 * The work order's status once an item is approved (items: all of the work order's items after the decision).
 * The record is approved when nothing of it is open any more and its submission's `COMPLETION` item is approved;
 * approving a conflict only accepts that conflict. Why "some approved COMPLETION" identifies the current
 * submission: a return closes every open item as `returned` and moves the work order out of the reviewable
 * statuses; only a resubmission brings it back, with a new open `COMPLETION` item, so while the work order is
 * reviewable and nothing is open, an approved `COMPLETION` item is the current submission's or an earlier
 * approved one's (a later duplicate completion adds conflicts, never a new submission).
 */
export function statusAfterApproval(current: WorkOrderStatus, items: readonly ItemState[]): WorkOrderStatus {
  if (!REVIEWABLE_STATUSES.includes(current)) return current;
  if (items.some((i) => i.status === 'open')) return current;
  return items.some((i) => i.code === 'COMPLETION' && i.status === 'approved') ? 'approved' : current;
}
