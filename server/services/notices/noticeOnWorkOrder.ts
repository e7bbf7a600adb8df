import type { NoticeState } from '../../../src/domain/workOrder/notice';
import type { NoticeRecord } from '../../store/notices';
import type { Repos, Store } from '../../store/store';
import { recordNotice } from '../mutations/workOrderNotice';

/** Visit notices show on their work order (the technician sees whether the household was told); receipts do not. */
export function showsOnWorkOrder(message: NoticeRecord): message is NoticeRecord & { workOrderId: string } {
  return message.template === 'visit_notice' && message.workOrderId !== null;
}

/** The work order of a visit notice now shows it `state` (sent, delivered, failed), in the caller's transaction. */
export async function noteOnWorkOrder(tx: Repos, message: NoticeRecord & { workOrderId: string }, state: NoticeState, at: string): Promise<void> {
  const wo = await tx.workOrders.findByIdForUpdate(message.workOrderId);
  if (!wo) return;
  const forDate = message.params.visitDate;
  await recordNotice(tx, wo, { via: message.channel, state, at, forDate: forDate === undefined || forDate === '' ? null : forDate }, at);
}

/**
 * Settles a message with `settle` (one statement that answers whether it applied) and, for a visit notice, shows the
 * outcome on its work order in the same transaction.
 */
export async function settleShown(
  store: Store,
  message: NoticeRecord,
  state: NoticeState,
  at: string,
  settle: (tx: Repos) => Promise<boolean>,
): Promise<boolean> {
  if (!showsOnWorkOrder(message)) return settle(store);
  return store.transaction(async (tx) => {
    const applied = await settle(tx);
    if (applied) await noteOnWorkOrder(tx, message, state, at);
    return applied;
  });
}
