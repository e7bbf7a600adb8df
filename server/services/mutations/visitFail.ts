import { randomUUID } from 'node:crypto';
import { VisitFailArgs } from '../../../src/domain/protocol/mutations';
import { MAX_FAILED_VISITS_BEFORE_ESCALATION } from '../../../src/domain/capture/visit';
import type { WorkOrderStatus } from '../../../src/domain/workOrder/workOrder';
import { applied, rejected, type MutationHandler } from './types';
import { mayDeliver } from './workOrderAccess';
import { updateWorkOrder } from './workOrderUpdate';

/** Statuses a failed visit moves to failed_visit (work the technician still holds and has not completed). */
const FAILABLE: readonly WorkOrderStatus[] = ['assigned', 'in_progress'];

/**
 * `visit.fail`: the visit is stored once (idempotent on visitId) as evidence, whatever the work order's state.
 * The work order becomes failed_visit only when the caller holds it and it is still open; from the third failed
 * visit on, the supervisor gets one open review item `ESCALATED` (domain.md: escalated after 3 failed attempts).
 */
export const visitFail: MutationHandler<VisitFailArgs> = {
  args: VisitFailArgs,
  async apply({ tx, user, now }, args) {
    const wo = await tx.workOrders.findByIdForUpdate(args.workOrderId);
    if (!wo) return rejected('UNKNOWN_WORK_ORDER', `No work order ${args.workOrderId}.`);
    const existing = await tx.visits.findById(args.visitId);
    if (existing) {
      return existing.technicianId === user.id && existing.workOrderId === wo.id
        ? applied
        : rejected('ID_ALREADY_USED', `Visit ${args.visitId} already exists for another technician or work order.`);
    }
    if (!(await mayDeliver(tx, wo, user.id))) return rejected('NOT_ASSIGNED', 'This work order was never assigned to you.');

    const at = now.toISOString();
    await tx.visits.insert({
      id: args.visitId,
      workOrderId: wo.id,
      technicianId: user.id,
      reason: args.reason,
      note: args.note,
      gps: args.gps ?? null,
      at: args.at,
      receivedAt: at,
      payload: args,
    });
    await tx.photos.insertRefs(
      [...new Set(args.photoIds)].map((photoId) => ({ photoId, ownerKind: 'visit', ownerId: args.visitId, workOrderId: wo.id })),
    );
    if (wo.assigneeId === user.id && FAILABLE.includes(wo.status)) {
      await updateWorkOrder(tx, wo, { status: 'failed_visit', assigneeId: wo.assigneeId }, at);
    }
    const failed = await tx.visits.countForWorkOrder(wo.id);
    if (failed >= MAX_FAILED_VISITS_BEFORE_ESCALATION && !(await tx.reviews.hasOpen(wo.id, 'ESCALATED'))) {
      await tx.reviews.insertMany([
        {
          id: randomUUID(),
          workOrderId: wo.id,
          completionId: null,
          code: 'ESCALATED',
          detail: `${failed} failed visits (latest: ${args.reason}); reschedule or close the work order.`,
          status: 'open',
          createdAt: at,
        },
      ]);
    }
    return applied;
  },
};
