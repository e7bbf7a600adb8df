/**
 * Work-order lifecycle (design §4):
 * unassigned → assigned → in_progress → completed | failed_visit; failed_visit → assigned;
 * completed → approved | returned; returned → completed; any open state → cancelled;
 * needs_review when two completions or a conflict arrive.
 */
export const WORK_ORDER_STATUSES = [
  'unassigned',
  'assigned',
  'in_progress',
  'completed',
  'failed_visit',
  'approved',
  'returned',
  'cancelled',
  'needs_review',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Statuses a technician still has to act on. */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = ['assigned', 'in_progress', 'returned'];

/**
 * The fields the list's rules read. Declared here, not taken from ./workOrder.ts, so the rules stay below the
 * schema (workOrder.ts imports this file; a WorkOrder has these fields).
 */
export interface RoutedOrder {
  code: string;
  routeOrder: number | null;
}
export interface SearchableOrder {
  code: string;
  customerCode: string;
  customerName: string;
  address: string;
  oldMeterSerial: string;
  commune: string;
}

/** Route order first (nulls last), then code: the order a technician walks the day. */
export function compareByRoute(a: RoutedOrder, b: RoutedOrder): number {
  const ra = a.routeOrder ?? Number.MAX_SAFE_INTEGER;
  const rb = b.routeOrder ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  return a.code.localeCompare(b.code);
}

/** Lower-cases and strips Vietnamese diacritics so "hoa" finds "Hòa" and "duong" finds "Đường". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Whether a work order matches a free-text query over code, customer code and name, address and meter serial. */
export function matchesQuery(wo: SearchableOrder, query: string): boolean {
  const q = foldForSearch(query.trim());
  if (q === '') return true;
  const haystack = [wo.code, wo.customerCode, wo.customerName, wo.address, wo.oldMeterSerial, wo.commune];
  return haystack.some((field) => foldForSearch(field).includes(q));
}
