import type { WorkOrderStatus } from '../../src/domain/workOrder';

/** Work-order statuses that hold a completion waiting for đối soát: the only ones a decision moves. */
export const REVIEWABLE_STATUSES: readonly WorkOrderStatus[] = ['completed', 'needs_review'];

interface ItemState {
  code: string;
  status: 'open' | 'approved' | 'returned';
}

/**
 * The work order's status once an item is approved (items: all of the work order's items after the decision,
 * oldest first). The record is approved when nothing is open any more and the latest `COMPLETION` item (the
 * current submission) is approved; conflicts approved before or after it only accept that conflict.
 */
export function statusAfterApproval(current: WorkOrderStatus, items: readonly ItemState[]): WorkOrderStatus {
  if (!REVIEWABLE_STATUSES.includes(current)) return current;
  if (items.some((i) => i.status === 'open')) return current;
  const submission = items.filter((i) => i.code === 'COMPLETION').at(-1);
  return submission?.status === 'approved' ? 'approved' : current;
}
