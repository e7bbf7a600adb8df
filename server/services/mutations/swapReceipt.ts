import { customerCopyExpiry, CUSTOMER_COPY_PATH } from '../../../src/domain/campaign/customerCopy';
import type { SwapCompleteArgs } from '../../../src/domain/protocol/mutations';
import type { StoredWorkOrder } from '../../store/records';
import { swapReceiptNotice } from '../notices/visitNotices';
import { newSessionToken } from '../sessionTokens';
import type { MutationContext } from './types';

/**
 * When a swap is received as the work order's record (issue 15 §3): the customer's copy of the handover record gets
 * a token, and the receipt that carries its link is queued, both written at the push's commit (store.atCommit) in
 * two statements per push, whatever the number of swaps. Nothing for a household without a Vietnamese mobile (the
 * supervisor can still issue a link from Đối soát), nor for an order of no team. A household that opted out gets its
 * receipt queued as skipped (notices.enqueueMany), so the queue says why nothing went.
 */
export async function queueSwapReceipt(ctx: MutationContext, wo: StoredWorkOrder, args: SwapCompleteArgs): Promise<void> {
  const { tx, receipts } = ctx;
  if (wo.teamId === null) return;
  const at = ctx.now.toISOString();
  const { token, id: tokenHash } = newSessionToken();
  const notice = swapReceiptNotice(
    {
      workOrderId: wo.id,
      completionId: args.completionId,
      teamId: wo.teamId,
      customerCode: wo.customerCode,
      customerName: wo.customerName,
      phone: wo.phone,
      oldSerial: args.removed.serial,
      oldReading: args.removed.readings.total,
      newSerial: args.installed.serial,
      newReading: args.installed.readings.total,
      at: new Date(args.completedAt),
      link: `${receipts.publicUrl}${CUSTOMER_COPY_PATH}/${token}`,
    },
    await receipts.teamName(tx, wo.teamId),
  );
  if (notice === null) return;
  tx.atCommit.insertCustomerCopies([
    {
      tokenHash,
      completionId: args.completionId,
      workOrderId: wo.id,
      teamId: wo.teamId,
      createdAt: at,
      expiresAt: customerCopyExpiry(at),
      revokedAt: null,
      revokedBy: null,
    },
  ]);
  tx.atCommit.enqueueNotices([notice], at);
}
