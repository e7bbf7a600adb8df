import type { ProgressQuery, ProgressReport, SyncBacklogQuery, SyncBacklogReport } from '../domain/console/reports';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/reports/progress`: figures per commune, technician or day for a period (Vietnam days). */
export function fetchProgress(api: ApiClient, query: Partial<ProgressQuery>): Promise<ApiResult<ProgressReport>> {
  return callEndpoint(api, 'reports.progress', { query: { ...query } });
}

/** `GET /api/v1/reports/sync-backlog`: what each technician's devices last reported as waiting. */
export function fetchSyncBacklog(api: ApiClient, query: SyncBacklogQuery = {}): Promise<ApiResult<SyncBacklogReport>> {
  return callEndpoint(api, 'reports.syncBacklog', { query: { ...query } });
}
