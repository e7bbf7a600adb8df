import type { WorkOrderFilter, WorkOrderListQuery, WorkOrderListResponse, WorkOrderMapPoints } from '../domain/workOrder/workOrderQuery';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** A filter as query parameters: the status list travels as `a,b,c`. */
function filterQuery(filter: WorkOrderFilter): Record<string, string | undefined> {
  return {
    status: filter.status && filter.status.length > 0 ? filter.status.join(',') : undefined,
    assigneeId: filter.assigneeId,
    commune: filter.commune,
    plannedDate: filter.plannedDate,
  };
}

/** `GET /api/v1/work-orders/map`: every matching work order of the caller's scope as columns (markers). */
export function fetchMapPoints(api: ApiClient, filter: WorkOrderFilter): Promise<ApiResult<WorkOrderMapPoints>> {
  return callEndpoint(api, 'workOrders.map', { query: filterQuery(filter) });
}

/** `GET /api/v1/work-orders`: one page of full work orders (the list beside the map, search). */
export function fetchWorkOrders(api: ApiClient, query: Partial<WorkOrderListQuery>): Promise<ApiResult<WorkOrderListResponse>> {
  const { bbox, q, limit, cursor, ...filter } = query;
  return callEndpoint(api, 'workOrders.list', { query: { ...filterQuery(filter), bbox: bbox?.join(','), q, limit, cursor } });
}
