import * as z from 'zod/mini';
import { NOTICE_STATES, NOTICE_VIAS } from './notice';
import { WORK_ORDER_STATUSES } from './workOrderRules';

// The lifecycle and the list's rules need no schema: they live in ./workOrderRules.ts, which the first screen
// imports without loading zod.
export { compareByRoute, foldForSearch, matchesQuery, OPEN_STATUSES, WORK_ORDER_STATUSES } from './workOrderRules';

export const WorkOrderStatus = z.enum(WORK_ORDER_STATUSES);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;

export const Phases = z.union([z.literal(1), z.literal(3)]);

/** ISO calendar date `yyyy-MM-dd` (a day in Asia/Ho_Chi_Minh). */
export const IsoDate = z.iso.date();

/** A string of `min` to `max` characters. */
function text(min: number, max: number) {
  return z.string().check(z.minLength(min), z.maxLength(max));
}

/** Whether the household was told of the visit (./notice.ts). */
export const WorkOrderNotice = z.object({
  via: z.enum(NOTICE_VIAS),
  state: z.enum(NOTICE_STATES),
  at: z.iso.datetime({ offset: true }),
  forDate: z.nullable(IsoDate),
});

/** A work order as it travels on the wire (camelCase; the database is snake_case). v1 may only add optional fields. */
export const WorkOrder = z.object({
  id: z.uuid(),
  code: text(1, 40),
  customerCode: text(1, 20),
  customerName: text(1, 200),
  phone: z.nullable(text(0, 20)),
  address: text(1, 300),
  commune: text(1, 100),
  /**
   * The hamlet (thôn / tổ dân phố / ấp / khóm) as the import's THON column gave it; null or absent when the file had
   * none (the roadmap then reads it from the address). Added in v1: older servers leave it out.
   */
  hamlet: z.optional(z.nullable(text(0, 100))),
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
  /** Whether the household was told of the visit (./notice.ts); added in v1: older servers leave it out. */
  notice: z.optional(z.nullable(WorkOrderNotice)),
});
export type WorkOrder = z.infer<typeof WorkOrder>;
