import * as z from 'zod/mini';
import { IsoDate } from './workOrder';

/** Most work orders one `POST /api/v1/assignments` may assign (design §9). */
export const ASSIGN_MAX_WORK_ORDERS = 500;

/** Body of `POST /api/v1/assignments`. Repeated ids count once. */
export const AssignRequest = z.strictObject({
  workOrderIds: z.pipe(
    z.array(z.uuid()).check(z.minLength(1), z.maxLength(ASSIGN_MAX_WORK_ORDERS)),
    z.transform((ids: string[]) => [...new Set(ids)]),
  ),
  technicianId: z.uuid(),
  /** Defaults to the work order's current planned date, else today in Vietnam. */
  plannedDate: z.optional(IsoDate),
  /**
   * Optional (added for the console map): how the server sets the technician's visiting order (`routeOrder`).
   * `given`: 1..n in the order of `workOrderIds` (the route the supervisor accepted); `optimize`: the server plans
   * it with `planVisitingOrder` from the first id. Left out: route orders stay as imported.
   */
  routeOrder: z.optional(z.enum(['given', 'optimize'])),
});
export type AssignRequest = z.infer<typeof AssignRequest>;

export const AssignResponse = z.object({
  assigned: z.number().check(z.int(), z.nonnegative()),
  /** The assigned work order ids in visiting order. */
  route: z.array(z.uuid()),
});
export type AssignResponse = z.infer<typeof AssignResponse>;

export const Technician = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  teamId: z.nullable(z.uuid()),
  /**
   * Optional (added for the console's assignment picker): with `?date=`, the work orders already assigned to them
   * planned for that day, in any status but cancelled. Absent without `date`.
   */
  load: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type Technician = z.infer<typeof Technician>;

/** Query of `GET /api/v1/technicians`: `date` asks for each technician's load that day. */
export const TechnicianListQuery = z.object({ date: z.optional(IsoDate) });
export type TechnicianListQuery = z.infer<typeof TechnicianListQuery>;

/** Answer of `GET /api/v1/technicians`. */
export const TechnicianList = z.object({ items: z.array(Technician) });
export type TechnicianList = z.infer<typeof TechnicianList>;
