import { WorkOrderStartArgs } from '../../../src/domain/protocol/mutations';
import { applied, rejected, type MutationHandler } from './types';
import { mayDeliver } from './workOrderAccess';
import { updateWorkOrder } from './workOrderUpdate';

/**
 * `workOrder.start`: an assigned work order held by the caller becomes in_progress. In any other state (already
 * started, reassigned, completed, cancelled) it applies without changing the status: starting is a fact about the
 * visit, kept in the audit trail either way, never a reason to refuse what the device did offline.
 */
export const workOrderStart: MutationHandler<WorkOrderStartArgs> = {
  args: WorkOrderStartArgs,
  async apply({ tx, user, now }, args) {
    const wo = await tx.workOrders.findByIdForUpdate(args.workOrderId);
    if (!wo) return rejected('UNKNOWN_WORK_ORDER', `No work order ${args.workOrderId}.`);
    if (!(await mayDeliver(tx, wo, user.id))) return rejected('NOT_ASSIGNED', 'This work order was never assigned to you.');
    const at = now.toISOString();
    const starts = wo.assigneeId === user.id && wo.status === 'assigned';
    const after = starts ? await updateWorkOrder(tx, wo, { status: 'in_progress', assigneeId: wo.assigneeId }, at) : wo;
    await tx.audit.append([
      {
        actorId: user.id,
        action: 'workOrder.start',
        entity: 'workOrder',
        entityId: wo.id,
        before: { status: wo.status, version: wo.version },
        after: { status: after.status, version: after.version, startedAt: args.at, gps: args.gps ?? null },
        at,
      },
    ]);
    return applied;
  },
};
