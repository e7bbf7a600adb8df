// zod/mini: work orders are parsed on the technician's first screen (see ./push.ts for why).
import * as z from 'zod/mini';

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
export const WorkOrderStatus = z.enum(WORK_ORDER_STATUSES);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;

/** Statuses a technician still has to act on. */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = ['assigned', 'in_progress', 'returned'];

export const Phases = z.union([z.literal(1), z.literal(3)]);

/** ISO calendar date `yyyy-MM-dd` (a day in Asia/Ho_Chi_Minh). */
export const IsoDate = z.iso.date();

/** A string of `min` to `max` characters. */
function text(min: number, max: number) {
  return z.string().check(z.minLength(min), z.maxLength(max));
}

/** A work order as it travels on the wire (camelCase; the database is snake_case). v1 may only add optional fields. */
export const WorkOrder = z.object({
  id: z.uuid(),
  code: text(1, 40),
  customerCode: text(1, 20),
  customerName: text(1, 200),
  phone: z.nullable(text(0, 20)),
  address: text(1, 300),
  commune: text(1, 100),
  /** Pre-2025 district name still carried by billing data; kept beside the commune. */
  district: z.optional(z.nullable(text(0, 100))),
  province: text(1, 100),
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
  stationCode: z.nullable(text(0, 40)),
  routeCode: z.nullable(text(0, 40)),
  routeOrder: z.nullable(z.number().check(z.int())),
  phases: Phases,
  oldMeterSerial: text(1, 20),
  oldMeterType: z.nullable(text(0, 60)),
  lastBilledReading: z.nullable(z.number().check(z.nonnegative())),
  reason: z.nullable(text(0, 200)),
  plannedDate: z.nullable(IsoDate),
  status: WorkOrderStatus,
  assigneeId: z.nullable(z.uuid()),
  version: z.number().check(z.int(), z.nonnegative()),
});
export type WorkOrder = z.infer<typeof WorkOrder>;

/** Route order first (nulls last), then code: the order a technician walks the day. */
export function compareByRoute(a: WorkOrder, b: WorkOrder): number {
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
export function matchesQuery(wo: WorkOrder, query: string): boolean {
  const q = foldForSearch(query.trim());
  if (q === '') return true;
  const haystack = [wo.code, wo.customerCode, wo.customerName, wo.address, wo.oldMeterSerial, wo.commune];
  return haystack.some((field) => foldForSearch(field).includes(q));
}
