import type { WorkOrder } from './workOrder';
import { compareByRoute, matchesQuery, OPEN_STATUSES, type WorkOrderStatus } from './workOrderRules';

/** `all`, or one exact status. */
export type StatusFilter = 'all' | WorkOrderStatus;

export interface TodayListQuery {
  /** Today in Asia/Ho_Chi_Minh as `yyyy-MM-dd` (see `isoDayInVietnam`). */
  today: string;
  /** Free text, diacritics-insensitive (see `matchesQuery`). */
  query: string;
  status: StatusFilter;
}

export interface TodayListItem {
  workOrder: WorkOrder;
  /** Planned before today and still open: the technician must not forget it. */
  overdue: boolean;
}

function isOpen(status: WorkOrderStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * Whether a work order belongs on today's list: planned today (whatever its status, so the
 * technician sees what they finished), planned earlier and still open (overdue), or open with
 * no planned date at all (otherwise it would be invisible). Later days stay off the list.
 */
export function isOnTodayList(wo: WorkOrder, today: string): boolean {
  if (wo.plannedDate === null) return isOpen(wo.status);
  if (wo.plannedDate === today) return true;
  return wo.plannedDate < today && isOpen(wo.status);
}

export function isOverdue(wo: WorkOrder, today: string): boolean {
  return wo.plannedDate !== null && wo.plannedDate < today && isOpen(wo.status);
}

/** Today's work orders in route order, each flagged overdue or not. */
export function todayList(orders: readonly WorkOrder[], today: string): TodayListItem[] {
  return orders
    .filter((wo) => isOnTodayList(wo, today))
    .sort(compareByRoute)
    .map((wo) => ({ workOrder: wo, overdue: isOverdue(wo, today) }));
}

/** Today's list (from `todayList`) narrowed by the search box and the status filter, still in route order. */
export function narrowTodayList(list: readonly TodayListItem[], { query, status }: Omit<TodayListQuery, 'today'>): TodayListItem[] {
  if (status === 'all' && query.trim() === '') return [...list];
  return list.filter(({ workOrder }) => (status === 'all' || workOrder.status === status) && matchesQuery(workOrder, query));
}

/** Today's list narrowed by the search box and the status filter, in route order. */
export function filterTodayList(orders: readonly WorkOrder[], { today, query, status }: TodayListQuery): TodayListItem[] {
  return narrowTodayList(todayList(orders, today), { query, status });
}
