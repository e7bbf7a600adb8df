import { z } from 'zod';
import { IsoDate, WorkOrder, WorkOrderStatus } from './workOrder';
import { WIRE_TEXT } from './wireText';

/** Most rows one page of `GET /api/v1/work-orders` returns. */
export const WORK_ORDER_PAGE_MAX = 500;
export const WORK_ORDER_PAGE_DEFAULT = 100;

/** `a,b,c` in a query string → a list of statuses. */
const StatusList = z
  .string()
  .check(...WIRE_TEXT)
  .max(200)
  .transform((text) => text.split(',').map((s) => s.trim()).filter((s) => s !== ''))
  .pipe(z.array(WorkOrderStatus).min(1));

/** `minLng,minLat,maxLng,maxLat` (design §9). */
export const BBox = z
  .string()
  .check(...WIRE_TEXT)
  .max(120)
  .transform((text) => text.split(',').map(Number))
  .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .refine(([minLng, minLat, maxLng, maxLat]) => minLng <= maxLng && minLat <= maxLat, { message: 'min must not exceed max' });
export type BBox = z.infer<typeof BBox>;

/** Filters shared by the list and the map: the supervisor's filter bar. */
export const WorkOrderFilter = z.object({
  status: StatusList.optional(),
  /** A technician's id, or `none` for unassigned work. */
  assigneeId: z.union([z.uuid(), z.literal('none')]).optional(),
  commune: z.string().check(...WIRE_TEXT).trim().min(1).max(100).optional(),
  plannedDate: z.optional(IsoDate),
});
export type WorkOrderFilter = z.infer<typeof WorkOrderFilter>;

/** Query of `GET /api/v1/work-orders` (design §9). */
export const WorkOrderListQuery = WorkOrderFilter.extend({
  bbox: BBox.optional(),
  /** Case-insensitive substring of the code, customer code or name, or the old meter serial. */
  q: z.string().check(...WIRE_TEXT).trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(WORK_ORDER_PAGE_MAX).default(WORK_ORDER_PAGE_DEFAULT),
  cursor: z.string().check(...WIRE_TEXT).min(1).max(200).optional(),
});
export type WorkOrderListQuery = z.infer<typeof WorkOrderListQuery>;

export const WorkOrderListResponse = z.object({
  items: z.array(WorkOrder),
  /** Opaque; null on the last page. */
  nextCursor: z.string().nullable(),
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
  assigneeIds: z.array(z.uuid().nullable()),
  communes: z.array(z.string()),
  plannedDates: z.array(z.nullable(IsoDate)),
});
export type WorkOrderMapPoints = z.infer<typeof WorkOrderMapPoints>;
