import type { ManualNoticeVia } from '../domain/workOrder/notice';
import type { WorkOrder } from '../domain/workOrder/workOrder';
import type { UserDatabase } from './database';
import { enqueueMutation, type CommandDeps } from './outbox';

const NOTIFY = 'workOrder.notify';

/**
 * "Đã báo trực tiếp / qua loa" (issue 15 §3): the technician told the household of the visit. Offline like every
 * record: one `workOrder.notify` outbox row, for the day the order is planned on this device.
 */
export async function recordNotified(db: UserDatabase, input: { workOrder: WorkOrder; via: ManualNoticeVia }, deps: CommandDeps): Promise<void> {
  const { workOrder, via } = input;
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    await enqueueMutation(
      db,
      NOTIFY,
      { workOrderId: workOrder.id, via, forDate: workOrder.plannedDate, at: new Date(deps.now()).toISOString() },
      deps,
    );
  });
}
