import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { RoadmapService } from '../services/roadmapService';

/** The commune's roadmap (issue 15 §1): supervisors plan their own team's communes, admins any. */
export function roadmapRoutes(api: Api, roadmaps: RoadmapService): void {
  route(api, 'roadmaps.communes', ({ auth }) => roadmaps.communes(auth));

  route(api, 'roadmaps.get', async ({ auth, query }) => {
    const result = await roadmaps.get(auth, query.commune);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'roadmaps.propose', async ({ auth, body }) => {
    const result = await roadmaps.propose(auth, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'roadmaps.confirm', async ({ auth, body }) => {
    const result = await roadmaps.confirm(auth, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });
}
