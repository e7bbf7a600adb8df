import { randomUUID } from 'node:crypto';
import type { MutationConflict } from '../../../src/domain/protocol/mutations';
import { SwapCompleteArgs } from '../../../src/domain/protocol/mutations';
import { completionPhotoIds } from '../../../src/domain/capture/photos';
import type { CompletionRecord, ReviewRecord, StoredWorkOrder } from '../../store/records';
import type { Repos } from '../../store/store';
import { queueSwapReceipt } from './swapReceipt';
import { decideSwap, withStockConflict, type SwapDecision } from './swapRules';
import { moveSwapStock } from './swapStock';
import { applied, rejected, type MutationContext, type MutationHandler, type MutationOutcome } from './types';
import { mayDeliver } from './workOrderAccess';
import { updateWorkOrder } from './workOrderUpdate';

/** A completion id seen before: the same record again (no-op), or an id clash that can never apply. */
function sameCompletion(existing: CompletionRecord, technicianId: string, args: SwapCompleteArgs): MutationOutcome {
  if (existing.technicianId === technicianId && existing.workOrderId === args.workOrderId) return applied;
  return rejected('ID_ALREADY_USED', `Completion ${args.completionId} already exists for another technician or work order.`);
}

/** WO_REASSIGNED: the technician who did the work gets the work order back; the current assignment ends. */
async function takeOver(tx: Repos, wo: StoredWorkOrder, technicianId: string, at: string): Promise<void> {
  await tx.assignments.endOpen([wo.id], at, 'superseded');
  await tx.assignments.insertMany([{ id: randomUUID(), workOrderId: wo.id, technicianId, assignedBy: null, assignedAt: at }]);
}

function outcomeOf(reviews: readonly ReviewRecord[]): MutationOutcome {
  const conflicts: MutationConflict[] = reviews.map((r) => ({ code: r.code, detail: r.detail, reviewId: r.id }));
  const [first] = conflicts;
  return first === undefined ? applied : { status: 'applied_with_conflict', conflict: first, conflicts };
}

/**
 * The `COMPLETION` review item every primary completion gets (đối soát): the supervisor approves or returns the
 * record through it. It is not a conflict, so it is not part of the push result's conflicts.
 */
function submissionItem(workOrderId: string, completionId: string, decision: SwapDecision, at: string): ReviewRecord {
  const detail = decision.demote === null ? 'First submission.' : 'Resubmitted as a new completion after a return.';
  return { id: randomUUID(), workOrderId, completionId, code: 'COMPLETION', detail, status: 'open', createdAt: at };
}

async function store(
  ctx: MutationContext,
  wo: StoredWorkOrder,
  args: SwapCompleteArgs,
  swapDecision: SwapDecision,
  photoIds: string[],
): Promise<ReviewRecord[]> {
  let decision = swapDecision;
  const { tx, user, clientId } = ctx;
  const at = ctx.now.toISOString();
  // The record that counts moves the stock it used (a duplicate completion moves nothing): after the photos' locks.
  if (decision.primary) decision = withStockConflict(decision, await moveSwapStock(ctx, wo, args));
  // Only the technician's own uploads count as present: a quoted hash of somebody else's photo leaves the record
  // waiting (partial) until this technician sends those bytes, and grants sight of nothing (photos.backedReferenceWorkOrderIds).
  const present = await tx.photos.uploadedBy(photoIds, user.id);
  if (decision.demote !== null) await tx.completions.setPrimary(decision.demote, false);
  await tx.completions.insert({
    id: args.completionId,
    workOrderId: wo.id,
    technicianId: user.id,
    clientId,
    primary: decision.primary,
    payload: args,
    mediaStatus: photoIds.every((id) => present.has(id)) ? 'complete' : 'partial',
    receivedAt: at,
    capturedAt: args.completedAt,
    flags: decision.flags,
    installedSerial: args.installed.serial,
  });
  // Written at commit (tx.atCommit): nothing later in a push reads them back. visit.fail looks only for ESCALATED
  // items; an amend needs a returned work order, which a swap never leaves. The photos' locks are held until commit
  // all the same, so an upload of one of these photos still finds the references once it may look.
  tx.atCommit.insertPhotoRefs(photoIds.map((photoId) => ({ photoId, ownerKind: 'completion', ownerId: args.completionId, workOrderId: wo.id })));
  const reviews: ReviewRecord[] = decision.conflicts.map((c) => ({
    id: randomUUID(),
    workOrderId: wo.id,
    completionId: args.completionId,
    code: c.code,
    detail: c.detail,
    status: 'open',
    createdAt: at,
  }));
  tx.atCommit.insertReviews([...reviews, ...(decision.primary ? [submissionItem(wo.id, args.completionId, decision, at)] : [])]);
  if (decision.primary) {
    // A resubmission after a return replaces the record: the old record's customer link stops working, and the
    // new meter's first reading is awaited for the new record (issue 17).
    if (decision.demote !== null) {
      await tx.customerCopies.revokeFor(decision.demote, at, null);
      await tx.commissioning.dropAwaiting(decision.demote);
    }
    tx.atCommit.insertAwaitingCommissioning([
      { completionId: args.completionId, workOrderId: wo.id, technicianId: user.id, installedAt: new Date(args.completedAt).toISOString() },
    ]);
    await queueSwapReceipt(ctx, wo, args);
  }
  if (decision.takeOver) await takeOver(tx, wo, user.id, at);
  await updateWorkOrder(tx, wo, { status: decision.status, assigneeId: decision.assigneeId }, at);
  return reviews;
}

/**
 * `swap.complete` (design §5, §6): the completion is stored once, idempotent on completionId, whatever state the
 * work order is in; conflicts become review items. Locks, in this order everywhere: the work order's row, the
 * installed serial, the photo ids (before any completion row is updated), the stock (moveSwapStock), then the
 * change feed. What the decision
 * needs of the stored completions is read in one query once those locks are held: the same id already stored,
 * the work order's primary completion, another primary that installed the serial.
 */
export const swapComplete: MutationHandler<SwapCompleteArgs> = {
  args: SwapCompleteArgs,
  async apply(ctx, args) {
    const { tx, user } = ctx;
    const wo = await tx.workOrders.findByIdForUpdate(args.workOrderId);
    if (!wo) return rejected('UNKNOWN_WORK_ORDER', `No work order ${args.workOrderId}.`);
    const deliverable = await mayDeliver(tx, wo, user.id);
    const photoIds = completionPhotoIds(args);
    await tx.completions.lockInstalledSerialAndPhotos(args.installed.serial, photoIds);
    const { existing, primary, installedElsewhere } = await tx.completions.findForSwap(args.completionId, wo.id, args.installed.serial);
    if (existing) return sameCompletion(existing, user.id, args);
    if (!deliverable) return rejected('NOT_ASSIGNED', 'This work order was never assigned to you.');

    const decision = decideSwap({
      workOrder: wo,
      technicianId: user.id,
      primary: primary ? { id: primary.id, technicianId: primary.technicianId } : null,
      installedElsewhere: installedElsewhere ? { workOrderId: installedElsewhere.workOrderId } : null,
      args,
    });
    return outcomeOf(await store(ctx, wo, args, decision, photoIds));
  },
};
