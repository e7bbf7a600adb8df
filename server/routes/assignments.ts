import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { AssignmentService } from '../services/assignmentService';
import type { TechnicianService } from '../services/technicianService';

/** Assigning work (design §9): supervisors within their team, admins anywhere. */
export function assignmentRoutes(api: Api, assignments: AssignmentService, technicians: TechnicianService): void {
  route(api, 'assignments.create', async ({ auth, body }) => {
    const result = await assignments.assign(auth, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'technicians.list', ({ auth, query }) => technicians.list(auth, query));
}
