import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';
import { IsoDate, type WorkOrderStatus } from '../workOrder/workOrder';

/**
 * The commune's replacement roadmap (issue 15 §1, console screen "Lộ trình"): the commune's work orders grouped by
 * hamlet (thôn / tổ dân phố / ấp / khóm / bản / xóm), a proposed schedule from the technicians chosen and a capacity
 * per technician per day, and the confirmed plan (the orders' planned dates and assignees, which reach the devices
 * through the feed like any assignment).
 */

/** The hamlet of orders whose import had no hamlet column and whose address names none. */
export const OTHER_HAMLET = 'khác';
/** Orders one technician visits in a day, unless the supervisor says otherwise. */
export const ROADMAP_DEFAULT_CAPACITY = 15;
export const ROADMAP_MAX_CAPACITY = 100;
export const ROADMAP_MAX_TECHNICIANS = 50;
/** Orders one plan covers at most (a large commune has ~5,000 households to visit). */
export const ROADMAP_MAX_ORDERS = 20_000;
/** A plan's days at most (about two years of working days). */
export const ROADMAP_MAX_DAYS = 600;

/** Statuses a plan moves: nobody has started them. The others keep their dates. */
export const PLANNABLE_STATUSES: readonly WorkOrderStatus[] = ['unassigned', 'assigned'];

const count = z.number().check(z.int(), z.nonnegative());
const Commune = z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(100));
/** Wire text too: a confirmation sends the days back. */
const HamletName = z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(100));
const Capacity = z.number().check(z.int(), z.gte(1), z.lte(ROADMAP_MAX_CAPACITY));

/** `GET /api/v1/roadmaps?commune=…` */
export const RoadmapQuery = z.object({ commune: Commune });
export type RoadmapQuery = z.infer<typeof RoadmapQuery>;

/** One commune of the team, for the picker (`GET /api/v1/roadmaps/communes`). */
export const RoadmapCommune = z.object({
  commune: z.string(),
  province: z.string(),
  total: count,
  /** Plannable orders (PLANNABLE_STATUSES). */
  plannable: count,
  /** Plannable orders that have a planned date. */
  planned: count,
  done: count,
  hamlets: count,
  /** When a plan of this commune was last confirmed. */
  confirmedAt: z.nullable(z.iso.datetime({ offset: true })),
});
export type RoadmapCommune = z.infer<typeof RoadmapCommune>;
export const RoadmapCommuneList = z.object({ communes: z.array(RoadmapCommune) });
export type RoadmapCommuneList = z.infer<typeof RoadmapCommuneList>;

/** A hamlet of the commune with its orders' counts and planned dates. */
export const RoadmapHamlet = z.object({
  name: HamletName,
  total: count,
  /** Nobody has started them (PLANNABLE_STATUSES). */
  plannable: count,
  /** Started, done or waiting on review: completed, approved, needs_review, in_progress, returned. */
  inHand: count,
  failed: count,
  cancelled: count,
  /** Plannable orders with no planned date. */
  unplanned: count,
  /** First and last planned date of its plannable orders. */
  firstDate: z.nullable(IsoDate),
  lastDate: z.nullable(IsoDate),
});
export type RoadmapHamlet = z.infer<typeof RoadmapHamlet>;

/** One technician's day in a plan: the orders in visiting order, and the hamlets they are in, in that order. */
export const RoadmapDay = z.object({
  date: IsoDate,
  technicianId: z.uuid(),
  hamlets: z.array(HamletName),
  orderIds: z.array(z.uuid()).check(z.minLength(1), z.maxLength(ROADMAP_MAX_CAPACITY)),
});
export type RoadmapDay = z.infer<typeof RoadmapDay>;

/**
 * A day as `GET /roadmaps` reads it from the orders: the same shape, with no cap on its orders, since an ordinary
 * assignment may give one technician more than ROADMAP_MAX_CAPACITY orders on one day and the roadmap still shows it.
 */
const PlannedDay = z.extend(RoadmapDay, { orderIds: z.array(z.uuid()).check(z.minLength(1)) });

/** A day the plan skips between its first and last day. */
export const SkippedDay = z.object({
  date: IsoDate,
  reason: z.enum(['sunday', 'holiday']),
  /** The holiday's Vietnamese name (reason `holiday`). */
  holiday: z.optional(z.string()),
});
export type SkippedDay = z.infer<typeof SkippedDay>;

/** `GET /api/v1/roadmaps?commune=…`: the commune's plan as it stands (from the orders' planned dates and assignees). */
export const Roadmap = z.object({
  commune: z.string(),
  province: z.string(),
  /** In visiting order: by first planned date, then unplanned ones by name (OTHER_HAMLET last). */
  hamlets: z.array(RoadmapHamlet),
  /** Plannable orders with a planned date and an assignee, by date then technician. */
  days: z.array(PlannedDay),
  confirmedAt: z.nullable(z.iso.datetime({ offset: true })),
  /** Display name of who confirmed it. */
  confirmedBy: z.nullable(z.string()),
  capacityPerDay: z.nullable(Capacity),
});
export type Roadmap = z.infer<typeof Roadmap>;

/** `POST /api/v1/roadmaps/proposals`: propose dates for the commune's plannable orders; nothing is written. */
export const RoadmapProposalRequest = z.strictObject({
  commune: Commune,
  technicianIds: z.pipe(
    z.array(z.uuid()).check(z.minLength(1), z.maxLength(ROADMAP_MAX_TECHNICIANS)),
    z.transform((ids: string[]) => [...new Set(ids)]),
  ),
  capacityPerDay: z._default(Capacity, ROADMAP_DEFAULT_CAPACITY),
  /** The first day that may be planned (today or later, in Vietnam). */
  startDate: IsoDate,
});
export type RoadmapProposalRequest = z.infer<typeof RoadmapProposalRequest>;

export const RoadmapProposal = z.object({
  commune: z.string(),
  startDate: IsoDate,
  capacityPerDay: Capacity,
  technicianIds: z.array(z.uuid()),
  days: z.array(RoadmapDay),
  /** Each hamlet's share of the plan, in visiting order. */
  hamlets: z.array(z.object({ name: HamletName, count, firstDate: IsoDate, lastDate: IsoDate })),
  skippedDays: z.array(SkippedDay),
  /** The last planned day; null when the commune has nothing to plan. */
  endDate: z.nullable(IsoDate),
});
export type RoadmapProposal = z.infer<typeof RoadmapProposal>;

/**
 * `PUT /api/v1/roadmaps`: the plan as the supervisor adjusted it. Each day's orders get that date, that technician
 * (an assignment: the previous assignee gets a revoke) and their visiting order; orders of the commune left out
 * keep what they had. All or nothing.
 */
export const RoadmapConfirmRequest = z.strictObject({
  commune: Commune,
  capacityPerDay: Capacity,
  days: z.array(RoadmapDay).check(z.minLength(1), z.maxLength(ROADMAP_MAX_DAYS * ROADMAP_MAX_TECHNICIANS)),
});
export type RoadmapConfirmRequest = z.infer<typeof RoadmapConfirmRequest>;
