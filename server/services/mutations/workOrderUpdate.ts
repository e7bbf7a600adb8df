import type { WorkOrderStatus } from '../../../src/domain/workOrder/workOrder';
import type { NewChange, StoredWorkOrder } from '../../store/records';
import type { Repos } from '../../store/store';

/**
 * Moves a work order to a new status and assignee: bumps its version and feeds the change to the people whose
 * devices hold it (an upsert for the assignee, a revoke for a previous assignee who lost it), in the caller's
 * transaction. Nothing happens when nothing changes.
 */
export async function updateWorkOrder(
  tx: Pick<Repos, 'workOrders' | 'changes'>,
  wo: StoredWorkOrder,
  next: { status: WorkOrderStatus; assigneeId: string | null },
  at: string,
): Promise<StoredWorkOrder> {
  if (next.status === wo.status && next.assigneeId === wo.assigneeId) return wo;
  const updated: StoredWorkOrder = { ...wo, status: next.status, assigneeId: next.assigneeId, version: wo.version + 1 };
  await tx.workOrders.updateState(wo.id, { status: updated.status, assigneeId: updated.assigneeId, version: updated.version, updatedAt: at });
  const changes: NewChange[] = [];
  if (wo.assigneeId !== null && wo.assigneeId !== updated.assigneeId) {
    changes.push({ recipientUserId: wo.assigneeId, entity: 'workOrder', entityId: wo.id, op: 'revoke', entityVersion: updated.version });
  }
  if (updated.assigneeId !== null) {
    changes.push({ recipientUserId: updated.assigneeId, entity: 'workOrder', entityId: wo.id, op: 'upsert', entityVersion: updated.version });
  }
  await tx.changes.append(changes, at);
  return updated;
}
