import type { AssignRequest, AssignResponse } from '../domain/workOrder/assignments';
import type { MapConfig } from '../domain/map/mapConfig';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `POST /api/v1/assignments`: assigns (or moves) work orders to a technician, optionally in a given visiting order. */
export function assignWorkOrders(api: ApiClient, request: AssignRequest): Promise<ApiResult<AssignResponse>> {
  return callEndpoint(api, 'assignments.create', { json: request });
}

/** `GET /api/v1/map/config`: where the map's tiles come from. */
export function fetchMapConfig(api: ApiClient): Promise<ApiResult<MapConfig>> {
  return callEndpoint(api, 'mapConfig.get', {});
}
