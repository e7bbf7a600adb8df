import type { TechnicianList } from '../domain/workOrder/assignments';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/technicians`: the supervisor's team (every technician for an admin). */
export function fetchTechnicians(api: ApiClient): Promise<ApiResult<TechnicianList>> {
  return callEndpoint(api, 'technicians.list', {});
}
