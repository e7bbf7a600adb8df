import type { ImportResponse } from '../domain/workOrder/imports';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

export interface ImportOptions {
  dryRun: boolean;
  /** Admin only: the team the work orders go to (a supervisor always imports into their own team). */
  teamId?: string;
}

/**
 * `POST /api/v1/work-orders/import` with the file's bytes as `text/csv`. A file with bad rows answers
 * 422 IMPORT_INVALID: the ApiError's `rowErrors` holds every row error with its line and column.
 */
export function importWorkOrders(api: ApiClient, file: Blob, { dryRun, teamId }: ImportOptions): Promise<ApiResult<ImportResponse>> {
  return callEndpoint(api, 'workOrders.import', { query: { dryRun: dryRun ? '1' : undefined, teamId }, body: file, contentType: 'text/csv' });
}
