import { ProgressReport, SyncBacklogReport, type ProgressQuery, type SyncBacklogQuery } from '../../domain/reports';
import type { ApiClient, ApiResult } from '../api';

/** `GET /api/v1/reports/progress`: figures per commune, technician or day for a period (Vietnam days). */
export function fetchProgress(api: ApiClient, query: Partial<ProgressQuery>): Promise<ApiResult<ProgressReport>> {
  return api.call('GET', '/reports/progress', { query: { ...query } }, ProgressReport);
}

/** `GET /api/v1/reports/sync-backlog`: what each technician's devices last reported as waiting. */
export function fetchSyncBacklog(api: ApiClient, query: SyncBacklogQuery = {}): Promise<ApiResult<SyncBacklogReport>> {
  return api.call('GET', '/reports/sync-backlog', { query: { ...query } }, SyncBacklogReport);
}
