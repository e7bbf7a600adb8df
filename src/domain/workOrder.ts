import { z } from 'zod';

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

/** A work order as it travels on the wire (camelCase; the database is snake_case). v1 may only add optional fields. */
export const WorkOrder = z.object({
  id: z.uuid(),
  code: z.string().min(1).max(40),
  customerCode: z.string().min(1).max(20),
  customerName: z.string().min(1).max(200),
  phone: z.string().max(20).nullable(),
  address: z.string().min(1).max(300),
  commune: z.string().min(1).max(100),
  /** Pre-2025 district name still carried by billing data; kept beside the commune. */
  district: z.string().max(100).nullable().optional(),
  province: z.string().min(1).max(100),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  stationCode: z.string().max(40).nullable(),
  routeCode: z.string().max(40).nullable(),
  routeOrder: z.number().int().nullable(),
  phases: Phases,
  oldMeterSerial: z.string().min(1).max(20),
  oldMeterType: z.string().max(60).nullable(),
  lastBilledReading: z.number().nonnegative().nullable(),
  reason: z.string().max(200).nullable(),
  plannedDate: IsoDate.nullable(),
  status: WorkOrderStatus,
  assigneeId: z.uuid().nullable(),
  version: z.number().int().nonnegative(),
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
