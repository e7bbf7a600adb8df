import { positionFlags } from '../../src/domain/capture/positionRule';
import { VisitFailArgs } from '../../src/domain/protocol/mutations';
import type { ReviewView, VisitView, WorkOrderDetail } from '../../src/domain/workOrder/workOrderDetail';
import type { VisitRecord } from '../store/records';
import { toCompletionView } from './completionView';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import { maySee } from './mutations/workOrderAccess';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';
import { toWireWorkOrder } from './workOrderWire';

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
      const completions = await tx.completions.listForWorkOrder(id);
      const commissioning = new Map((await tx.commissioning.findFor(completions.map((c) => c.id))).map((c) => [c.completionId, c]));
      return ok({
        ...toWireWorkOrder(wo),
        completions: completions.map((c) => toCompletionView(c, commissioning.get(c.id))),
        visits: (await tx.visits.listForWorkOrder(id)).map((v) => toVisitView(v, wo)),
        history: await tx.assignments.listForWorkOrder(id),
        reviews,
      });
    });
  }

  return { get };
}

export type WorkOrderDetailService = ReturnType<typeof createWorkOrderDetailService>;
