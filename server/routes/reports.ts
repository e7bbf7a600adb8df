import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { ReportService } from '../services/reportService';

/** The supervisor console's dashboard (design §9): a supervisor's own team, an admin's chosen team or all. */
export function reportRoutes(api: Api, reports: ReportService): void {
  route(api, 'reports.progress', async ({ auth, query }) => {
    const result = await reports.progress(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'reports.syncBacklog', async ({ auth, query }) => {
    const result = await reports.syncBacklog(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });
}
