import { OPEN_STATUSES, type WorkOrder } from '../workOrder/workOrder';

/** One numbered point of the technician's route map. */
export interface RouteStop {
  id: string;
  lat: number;
  lng: number;
  /** 1-based visiting order among the day's stops. */
  number: number;
  /** The work order on screen (highlighted). */
  current: boolean;
}

/**
 * The stops of today's route map: the open work orders of today's list (already in route order) plus the one
 * on screen whatever its status, numbered in that order.
 */
export function dayRouteStops(todayInRouteOrder: readonly WorkOrder[], currentId: string): RouteStop[] {
  return todayInRouteOrder
    .filter((wo) => wo.id === currentId || OPEN_STATUSES.includes(wo.status))
    .map((wo, index) => ({ id: wo.id, lat: wo.lat, lng: wo.lng, number: index + 1, current: wo.id === currentId }));
}
