import { randomUUID } from 'node:crypto';
import type { MutationConflict } from '../../../src/domain/protocol/mutations';
import { CompletionAmendArgs, SwapCompleteArgs } from '../../../src/domain/protocol/mutations';
import { completionPhotoIds } from '../../../src/domain/capture/photos';
import type { CompletionRecord, ReviewRecord, StoredWorkOrder } from '../../store/records';
import { decideSwap, withStockConflict } from './swapRules';
import { moveSwapStock } from './swapStock';
import { rejected, type MutationContext, type MutationHandler, type MutationOutcome } from './types';
import { updateWorkOrder } from './workOrderUpdate';

/** Each present section of the patch replaces that section whole; absent ones stay (design §5, CompletionAmendArgs). */
function amendedPayload(previous: SwapCompleteArgs, patch: CompletionAmendArgs['patch']): SwapCompleteArgs {
  // zod leaves absent optional keys out of its output, so a spread replaces exactly the sections sent.
  return SwapCompleteArgs.parse({ ...previous, ...patch });
}

/** Why an amend cannot apply, or null when it may: the caller's own primary completion of a returned work order. */
function refusal(wo: StoredWorkOrder, completion: CompletionRecord | undefined, technicianId: string, completionId: string): string | null {
  if (!completion || completion.workOrderId !== wo.id) return `No completion ${completionId} for work order ${wo.code}.`;
  if (completion.technicianId !== technicianId) return 'Only the technician who made this record may correct it.';
  if (!completion.primary) return 'This completion is not the one that counts for the work order.';
  if (wo.status !== 'returned') return `The work order is ${wo.status}, not returned: there is nothing to correct.`;
  return null;
}

async function applyAmend(
  ctx: MutationContext,
  wo: StoredWorkOrder,
  completion: CompletionRecord,
  args: CompletionAmendArgs,
): Promise<MutationOutcome> {
  const { tx, user } = ctx;
  const at = ctx.now.toISOString();
  const previous = SwapCompleteArgs.parse(completion.payload);
  const payload = amendedPayload(previous, args.patch);

  // Same lock order as swap.complete: work order row (held), installed serial, photo ids, stock, then the change feed.
  const photoIds = completionPhotoIds(payload);
  await tx.completions.lockInstalledSerialAndPhotos(payload.installed.serial, photoIds);
  const elsewhere = await tx.completions.findPrimaryByInstalledSerial(payload.installed.serial, wo.id);
  // The data-quality rules of swap.complete on the new data; ownership is settled (the caller's own primary record).
  const judged = decideSwap({
    workOrder: { ...wo, assigneeId: user.id },
    technicianId: user.id,
    primary: { id: completion.id, technicianId: user.id },
    installedElsewhere: elsewhere ? { workOrderId: elsewhere.workOrderId } : null,
    args: payload,
  });
  // The stock follows the corrected record (design §6): what it no longer installs goes back, what it adds is installed.
  const decision = withStockConflict(judged, await moveSwapStock(ctx, wo, payload));
  // Only the technician's own uploads count as present: a quoted hash of somebody else's photo leaves the record
  // waiting (partial) until this technician sends those bytes, and grants sight of nothing (photos.backedReferenceWorkOrderIds).
  const present = await tx.photos.uploadedBy(photoIds, user.id);
  await tx.completions.amend(completion.id, {
    payload,
    flags: decision.flags,
    installedSerial: payload.installed.serial,
    mediaStatus: photoIds.every((id) => present.has(id)) ? 'complete' : 'partial',
  });
  await tx.completions.dropPhotoRefsExcept(completion.id, photoIds);
  await tx.photos.insertRefs(photoIds.map((photoId) => ({ photoId, ownerKind: 'completion', ownerId: completion.id, workOrderId: wo.id })));

  const conflicts: ReviewRecord[] = decision.conflicts.map((c) => ({
    id: randomUUID(),
    workOrderId: wo.id,
    completionId: completion.id,
    code: c.code,
    detail: c.detail,
    status: 'open',
    createdAt: at,
  }));
  await tx.reviews.insertMany([
    ...conflicts,
    {
      id: randomUUID(),
      workOrderId: wo.id,
      completionId: completion.id,
      code: 'COMPLETION',
      detail: `Resubmitted after a return: ${args.reason}`,
      status: 'open',
      createdAt: at,
    },
  ]);
  await tx.audit.append([
    {
      actorId: user.id,
      action: 'completion.amend',
      entity: 'completion',
      entityId: completion.id,
      before: { payload: previous, flags: completion.flags },
      after: { payload, flags: decision.flags, reason: args.reason, at: args.at },
      at,
    },
  ]);
  await updateWorkOrder(tx, wo, { status: 'completed', assigneeId: wo.assigneeId }, at);

  const found: MutationConflict[] = conflicts.map((r) => ({ code: r.code, detail: r.detail, reviewId: r.id }));
  const [first] = found;
  return first === undefined ? { status: 'applied' } : { status: 'applied_with_conflict', conflict: first, conflicts: found };
}

/**
 * `completion.amend` (design §5: corrections are new mutations): the technician corrects their own primary
 * completion of a `returned` work order. Anything else is rejected `NOT_AMENDABLE` (an unknown completion too;
 * an unknown work order is `UNKNOWN_WORK_ORDER`), the payload kept as for every rejection. Applying replaces the
 * patched sections, keeps the previous payload in the audit log (`completion.amend`, before/after), re-derives
 * photo references, media status and flags, files a review item for each data-quality conflict the new data still
 * has plus a new open `COMPLETION` item (resubmitted, with the reason), and moves the work order back to
 * `completed`. A retry of the same mutation is answered `duplicate` by the mutation log; a second, different
 * amend finds the work order `completed` and is refused.
 */
export const completionAmend: MutationHandler<CompletionAmendArgs> = {
  args: CompletionAmendArgs,
  async apply(ctx, args) {
    const wo = await ctx.tx.workOrders.findByIdForUpdate(args.workOrderId);
    if (!wo) return rejected('UNKNOWN_WORK_ORDER', `No work order ${args.workOrderId}.`);
    const completion = await ctx.tx.completions.findById(args.completionId);
    const why = refusal(wo, completion, ctx.user.id, args.completionId);
    if (why !== null || !completion) return rejected('NOT_AMENDABLE', why ?? 'This completion cannot be amended.');
    return applyAmend(ctx, wo, completion, args);
  },
};
