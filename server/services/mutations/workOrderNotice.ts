import { mergeNotice, type WorkOrderNotice } from '../../../src/domain/workOrder/notice';
import type { StoredWorkOrder } from '../../store/records';
import type { Repos } from '../../store/store';

/**
 * Records that the household of a work order was told of the visit (or that the message failed), merged with what
 * the order shows (src/domain/workOrder/notice.ts): bumps its version and feeds it to the assignee's device, in the
 * caller's transaction, the work order's row locked. Nothing happens when the merge changes nothing.
 */
export async function recordNotice(
  tx: Pick<Repos, 'workOrders' | 'changes'>,
  wo: StoredWorkOrder,
  incoming: WorkOrderNotice,
  at: string,
): Promise<StoredWorkOrder> {
  const merged = mergeNotice(wo.notice, incoming);
  if (wo.notice !== undefined && wo.notice !== null && JSON.stringify(merged) === JSON.stringify(wo.notice)) return wo;
  const updated: StoredWorkOrder = { ...wo, notice: merged, version: wo.version + 1 };
  await tx.workOrders.updateNotice(wo.id, merged, updated.version, at);
  if (updated.assigneeId !== null) {
    await tx.changes.append(
      [{ recipientUserId: updated.assigneeId, entity: 'workOrder', entityId: wo.id, op: 'upsert', entityVersion: updated.version }],
      at,
    );
  }
  return updated;
}
