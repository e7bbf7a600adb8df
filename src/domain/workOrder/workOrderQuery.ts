import * as z from 'zod/mini';
import { IsoDate, WorkOrder, WorkOrderStatus } from './workOrder';
import { WIRE_TEXT } from '../protocol/wireText';

/** Most rows one page of `GET /api/v1/work-orders` returns. */
export const WORK_ORDER_PAGE_MAX = 500;
export const WORK_ORDER_PAGE_DEFAULT = 100;

/** `a,b,c` in a query string → a list of statuses. */
const StatusList = z.pipe(
  z.pipe(
    z.string().check(...WIRE_TEXT, z.maxLength(200)),
    z.transform((text: string) =>
      text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ),
  z.array(WorkOrderStatus).check(z.minLength(1)),
);

/** `minLng,minLat,maxLng,maxLat` (design §9). */
const Lng = z.number().check(z.gte(-180), z.lte(180));
const Lat = z.number().check(z.gte(-90), z.lte(90));
export const BBox = z
  .pipe(
    z.pipe(
      z.string().check(...WIRE_TEXT, z.maxLength(120)),
      z.transform((text: string) => text.split(',').map(Number)),
    ),
    z.tuple([Lng, Lat, Lng, Lat]),
  )
  .check(z.refine(([minLng, minLat, maxLng, maxLat]) => minLng <= maxLng && minLat <= maxLat, { message: 'min must not exceed max' }));
export type BBox = z.infer<typeof BBox>;

/** Filters shared by the list and the map: the supervisor's filter bar. */
export const WorkOrderFilter = z.object({
  status: z.optional(StatusList),
  /** A technician's id, or `none` for unassigned work. */
  assigneeId: z.optional(z.union([z.uuid(), z.literal('none')])),
  commune: z.optional(z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(100))),
  plannedDate: z.optional(IsoDate),
});
export type WorkOrderFilter = z.infer<typeof WorkOrderFilter>;

/** Query of `GET /api/v1/work-orders` (design §9). */
export const WorkOrderListQuery = z.extend(WorkOrderFilter, {
  bbox: z.optional(BBox),
  /** Case-insensitive substring of the code, customer code or name, or the old meter serial. */
  q: z.optional(z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(100))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(WORK_ORDER_PAGE_MAX)), WORK_ORDER_PAGE_DEFAULT),
  cursor: z.optional(z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(200))),
});
export type WorkOrderListQuery = z.infer<typeof WorkOrderListQuery>;

export const WorkOrderListResponse = z.object({
  items: z.array(WorkOrder),
  /** Opaque; null on the last page. */
  nextCursor: z.nullable(z.string()),
});
export type WorkOrderListResponse = z.infer<typeof WorkOrderListResponse>;

/**
 * Answer of `GET /api/v1/work-orders/map` (same filters as the list, no paging): every matching work order as
 * columns of equal length, so 100,000 markers cost a few megabytes of JSON instead of full work orders.
 */
export const WorkOrderMapPoints = z.object({
  ids: z.array(z.uuid()),
  codes: z.array(z.string()),
  lat: z.array(z.number()),
  lng: z.array(z.number()),
  status: z.array(WorkOrderStatus),
  assigneeIds: z.array(z.nullable(z.uuid())),
  communes: z.array(z.string()),
  plannedDates: z.array(z.nullable(IsoDate)),
});
export type WorkOrderMapPoints = z.infer<typeof WorkOrderMapPoints>;
