import { AssignResponse, type AssignRequest } from '../../domain/assignments';
import { MapConfig } from '../../domain/mapConfig';
import type { ApiClient, ApiResult } from '../api';

/** `POST /api/v1/assignments`: assigns (or moves) work orders to a technician, optionally in a given visiting order. */
export function assignWorkOrders(api: ApiClient, request: AssignRequest): Promise<ApiResult<AssignResponse>> {
  return api.call('POST', '/assignments', { json: request }, AssignResponse);
}

/** `GET /api/v1/map/config`: where the map's tiles come from. */
export function fetchMapConfig(api: ApiClient): Promise<ApiResult<MapConfig>> {
  return api.call('GET', '/map/config', {}, MapConfig);
}
