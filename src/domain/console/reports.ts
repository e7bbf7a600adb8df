import * as z from 'zod/mini';
import { IsoDate } from '../workOrder/workOrder';
import { WIRE_TEXT } from '../protocol/wireText';

const Instant = z.iso.datetime({ offset: true });

/** How the progress report groups its rows. */
export const ProgressGroupBy = z.enum(['commune', 'technician', 'day']);
export type ProgressGroupBy = z.infer<typeof ProgressGroupBy>;

/** Query of `GET /api/v1/reports/progress` (design §9). Dates are days in Asia/Ho_Chi_Minh. */
export const ProgressQuery = z.object({
  groupBy: z._default(ProgressGroupBy, 'commune'),
  from: z.optional(IsoDate),
  to: z.optional(IsoDate),
  commune: z.optional(z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(100))),
  technicianId: z.optional(z.uuid()),
  /** Admins only: one team (a supervisor always sees their own; naming another team is FORBIDDEN). */
  teamId: z.optional(z.uuid()),
});
export type ProgressQuery = z.infer<typeof ProgressQuery>;

/** ProgressQuery as `GET /reports/progress` parses it: a range that ends before it starts is refused, naming `to`. */
export const ProgressRangeQuery = ProgressQuery.check(
  z.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'Ngày kết thúc phải sau ngày bắt đầu: chọn lại khoảng ngày.',
    path: ['to'],
  }),
);

export const ProgressFigures = z.object({
  /**
   * Work orders of the scope, not cancelled, whose planned date is in the period; with no period, every one
   * (the technician and day views leave out orders with no assignee / no planned date). Grouped by the work
   * order's commune, current assignee or planned date.
   */
  planned: z.number().check(z.int(), z.nonnegative()),
  /**
   * Work orders swapped (status completed, approved, returned or needs_review) whose primary completion was
   * captured (device time, day in Vietnam) in the period; grouped by commune, the completing technician, capture day.
   */
  completed: z.number().check(z.int(), z.nonnegative()),
  /** Of `completed`: approved by a supervisor. */
  approved: z.number().check(z.int(), z.nonnegative()),
  /** Of `completed`: returned to the technician for correction. */
  returned: z.number().check(z.int(), z.nonnegative()),
  /** Failed visits (visit.fail) dated in the period; grouped by commune, the visiting technician, visit day. */
  failed: z.number().check(z.int(), z.nonnegative()),
  /** Of `planned`: work orders still to swap (unassigned, assigned, in progress, failed visit). */
  remaining: z.number().check(z.int(), z.nonnegative()),
  /** Share (0–1) of completed work orders finished without a failed visit before; null when none completed. */
  firstVisitSuccessRate: z.nullable(z.number().check(z.gte(0), z.lte(1))),
  /** Completions still waiting for some of their photos. */
  awaitingPhotos: z.number().check(z.int(), z.nonnegative()),
  /** Failed visits by reason code (KV01…KV99). */
  failureReasons: z.record(z.string(), z.number().check(z.int(), z.nonnegative())),
  /** Of `completed`: households whose current payment method was already not cash. */
  cashlessBefore: z.number().check(z.int(), z.nonnegative()),
  /**
   * Of `completed`: households paying cash that enrolled in a cashless method with consent at the visit
   * (`isNewCashlessEnrolment`). The goal per commune is doubling cashless payers: before + enrolled ≥ 2 × before.
   */
  cashlessEnrolled: z.number().check(z.int(), z.nonnegative()),
});
export type ProgressFigures = z.infer<typeof ProgressFigures>;

export const ProgressRow = z.extend(ProgressFigures, {
  /** Commune name, technician id or ISO day, by `groupBy`. */
  key: z.string(),
  /** What to show: the commune, the technician's name, the day. */
  label: z.string(),
  /** Commune rows: the mean position of its work orders, to colour the commune on the map. */
  lat: z.optional(z.nullable(z.number())),
  lng: z.optional(z.nullable(z.number())),
});
export type ProgressRow = z.infer<typeof ProgressRow>;

export const ProgressReport = z.object({
  groupBy: ProgressGroupBy,
  rows: z.array(ProgressRow),
  totals: ProgressFigures,
  generatedAt: Instant,
});
export type ProgressReport = z.infer<typeof ProgressReport>;

/** One technician's sync state (`GET /api/v1/reports/sync-backlog`): what their devices last told the server. */
export const SyncBacklogRow = z.object({
  technicianId: z.uuid(),
  displayName: z.string(),
  /** Last pull or push from any of their devices; null when never seen. */
  lastContactAt: z.nullable(Instant),
  /** Records and photos the device reported as not yet acknowledged at its last contact. */
  pendingRecords: z.number().check(z.int(), z.nonnegative()),
  pendingPhotos: z.number().check(z.int(), z.nonnegative()),
  /** Capture time of the oldest record still waiting, as reported by the device. */
  oldestPendingAt: z.nullable(Instant),
});
export type SyncBacklogRow = z.infer<typeof SyncBacklogRow>;

export const SyncBacklogReport = z.object({ items: z.array(SyncBacklogRow) });
export type SyncBacklogReport = z.infer<typeof SyncBacklogReport>;

/** Query of `GET /api/v1/reports/sync-backlog`: admins may narrow to one team. */
export const SyncBacklogQuery = z.object({ teamId: z.optional(z.uuid()) });
export type SyncBacklogQuery = z.infer<typeof SyncBacklogQuery>;

/** Export window of `GET /api/v1/exports/completions.csv` (received date, inclusive). */
export const ExportQuery = z.object({
  from: z.optional(IsoDate),
  to: z.optional(IsoDate),
  /** Admins only: one team (a supervisor always exports their own; naming another team is FORBIDDEN). */
  teamId: z.optional(z.uuid()),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

/**
 * Answer of `GET /api/v1/exports/completions/summary` (same query as the CSV): how many swaps the CSV holds and how
 * many received swaps of the period still wait for a supervisor's decision (completed or needs review), so the
 * export screen can say why a file is empty.
 */
export const ExportSummary = z.object({
  approved: z.number().check(z.int(), z.nonnegative()),
  awaitingApproval: z.number().check(z.int(), z.nonnegative()),
});
export type ExportSummary = z.infer<typeof ExportSummary>;
