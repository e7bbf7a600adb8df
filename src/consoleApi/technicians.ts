import type { TechnicianList, TechnicianListQuery } from '../domain/workOrder/assignments';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/technicians`: the supervisor's team (every technician for an admin); with `date`, each one's load that day. */
export function fetchTechnicians(api: ApiClient, query: TechnicianListQuery = {}): Promise<ApiResult<TechnicianList>> {
  return callEndpoint(api, 'technicians.list', { query: { ...query } });
}
