import { WorkOrderNotifyArgs } from '../../../src/domain/protocol/mutations';
import { applied, rejected, type MutationHandler } from './types';
import { mayDeliver } from './workOrderAccess';
import { recordNotice } from './workOrderNotice';

/**
 * `workOrder.notify` (issue 15 §3): the technician told the household in person or over the loudspeaker. A fact
 * about the field, recorded in whatever state the order is (like a start), audited; the order then shows the
 * household as told for that day.
 */
export const workOrderNotify: MutationHandler<WorkOrderNotifyArgs> = {
  args: WorkOrderNotifyArgs,
  async apply({ tx, user, now }, args) {
    const wo = await tx.workOrders.findByIdForUpdate(args.workOrderId);
    if (!wo) return rejected('UNKNOWN_WORK_ORDER', `No work order ${args.workOrderId}.`);
    if (!(await mayDeliver(tx, wo, user.id))) return rejected('NOT_ASSIGNED', 'This work order was never assigned to you.');
    const at = now.toISOString();
    // A device clock ahead of the server's cannot date the notice in the future (the later notice wins a merge).
    const told = new Date(Math.min(Date.parse(args.at), now.getTime())).toISOString();
    const after = await recordNotice(tx, wo, { via: args.via, state: 'delivered', at: told, forDate: args.forDate }, at);
    await tx.audit.append([
      {
        actorId: user.id,
        action: 'workOrder.notify',
        entity: 'workOrder',
        entityId: wo.id,
        before: { notice: wo.notice ?? null, version: wo.version },
        after: { notice: after.notice ?? null, version: after.version, via: args.via, forDate: args.forDate, at: args.at },
        at,
      },
    ]);
    return applied;
  },
};
