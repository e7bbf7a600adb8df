import { z } from 'zod';
import { ROLES } from '../../src/domain/auth';
import type { WorkOrderDetail } from '../../src/domain/workOrderDetail';
import { AppError } from '../http/problem';
import { guardedRoute, type Api } from '../http/route';
import type { WorkOrderDetailService } from '../services/workOrderDetailService';

const WorkOrderParams = z.object({ id: z.uuid() });

/** One work order with its records (design §9): its team's supervisor, an admin, or a technician ever assigned to it. */
export function workOrderRoutes(api: Api, details: WorkOrderDetailService): void {
  guardedRoute(api, ROLES, {
    method: 'get',
    path: '/work-orders/:id',
    params: WorkOrderParams,
    handle: async ({ res, auth, params }) => {
      const result = await details.get(auth, params.id);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies WorkOrderDetail);
    },
  });
}
