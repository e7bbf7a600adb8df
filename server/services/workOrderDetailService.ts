import { positionFlags } from '../../src/domain/capture/positionRule';
import { SwapCompleteArgs, VisitFailArgs } from '../../src/domain/protocol/mutations';
import type { CompletionView, ReviewView, VisitView, WorkOrderDetail } from '../../src/domain/workOrder/workOrderDetail';
import type { CompletionRecord, VisitRecord } from '../store/records';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import { maySee } from './mutations/workOrderAccess';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';
import { toWireWorkOrder } from './workOrderWire';

/** Stored payloads were parsed with the same schemas on receipt; one that no longer parses is corrupt data, a bug. */
function toCompletionView(c: CompletionRecord): CompletionView {
  const payload = SwapCompleteArgs.parse(c.payload);
  return {
    ...payload,
    id: c.id,
    technicianId: c.technicianId,
    primary: c.primary,
    mediaStatus: c.mediaStatus,
    receivedAt: c.receivedAt,
    flags: c.flags,
  };
}

/**
 * A failed visit's position is judged by the rule a swap's is (positionFlags): against the work order's site as it
 * is now, so a site corrected by a later import judges the old visits again.
 */
function toVisitView(v: VisitRecord, site: { lat: number; lng: number }): VisitView {
  const payload = VisitFailArgs.parse(v.payload);
  return { ...payload, id: v.id, technicianId: v.technicianId, receivedAt: v.receivedAt, flags: positionFlags(payload.gps, site) };
}

export function createWorkOrderDetailService(store: Store) {
  /**
   * `GET /api/v1/work-orders/:id` (design §9): the work order with its completions, failed visits, assignment
   * history and review items, read from one snapshot. Someone who may not see it gets NOT_FOUND, as if it did not exist.
   */
  async function get(auth: AuthContext, id: string): Promise<Result<WorkOrderDetail>> {
    return store.snapshot(async (tx) => {
      const wo = await tx.workOrders.findById(id);
      if (!wo || !(await maySee(tx, auth.user, wo))) return failure('NOT_FOUND', 'No such work order.');
      const reviews: ReviewView[] = await tx.reviews.listForWorkOrder(id);
      return ok({
        ...toWireWorkOrder(wo),
        completions: (await tx.completions.listForWorkOrder(id)).map(toCompletionView),
        visits: (await tx.visits.listForWorkOrder(id)).map((v) => toVisitView(v, wo)),
        history: await tx.assignments.listForWorkOrder(id),
        reviews,
      });
    });
  }

  return { get };
}

export type WorkOrderDetailService = ReturnType<typeof createWorkOrderDetailService>;
