import { AssignRequest, type AssignResponse, type TechnicianList } from '../../src/domain/assignments';
import { AppError } from '../http/problem';
import { guardedRoute, type Api } from '../http/route';
import type { AssignmentService } from '../services/assignmentService';
import type { TechnicianService } from '../services/technicianService';

const MANAGERS = ['supervisor', 'admin'] as const;

/** Assigning work (design §9): supervisors within their team, admins anywhere. */
export function assignmentRoutes(api: Api, assignments: AssignmentService, technicians: TechnicianService): void {
  guardedRoute(api, MANAGERS, {
    method: 'post',
    path: '/assignments',
    body: AssignRequest,
    handle: async ({ res, auth, body }) => {
      const result = await assignments.assign(auth, body);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies AssignResponse);
    },
  });

  guardedRoute(api, MANAGERS, {
    method: 'get',
    path: '/technicians',
    handle: async ({ res, auth }) => {
      res.json((await technicians.list(auth)) satisfies TechnicianList);
    },
  });
}
