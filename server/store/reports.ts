import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ProgressGroupBy } from '../../src/domain/console/reports';
import type { SqlDialect } from './dialect';
import { fromJson } from './json';
import type { Database } from './schema';

/** Which rows a report counts: a team (null = every team, admins), and the optional filters of the query. */
export interface ReportScope {
  teamId: string | null;
  commune?: string | undefined;
  technicianId?: string | undefined;
}

/** Days in Asia/Ho_Chi_Minh (yyyy-MM-dd), inclusive; absent = open-ended. */
export interface DayPeriod {
  from?: string | undefined;
  to?: string | undefined;
}

export interface PlannedGroup {
  key: string;
  planned: number;
  remaining: number;
}

export interface CompletedGroup {
  key: string;
  completed: number;
  approved: number;
  returned: number;
  awaitingPhotos: number;
  firstVisit: number;
  cashlessBefore: number;
  cashlessEnrolled: number;
}

export interface FailedGroup {
  key: string;
  reason: string;
  failed: number;
}

export interface CommunePosition {
  commune: string;
  lat: number;
  lng: number;
}

export interface BacklogRow {
  technicianId: string;
  displayName: string;
  lastContactAt: string | null;
  pendingRecords: number;
  pendingPhotos: number;
  oldestPendingAt: string | null;
}

/** One approved swap for the CMIS export: the work order's columns, the completion's payload, the technician. */
export interface ExportRow {
  completionId: string;
  receivedAt: string;
  capturedAt: string;
  technicianName: string;
  payload: unknown;
  workOrder: {
    code: string;
    customerCode: string;
    customerName: string;
    phone: string | null;
    address: string;
    commune: string;
    province: string;
    stationCode: string | null;
    routeCode: string | null;
    phases: number;
    oldMeterSerial: string;
    oldMeterType: string | null;
  };
}

/** Statuses of a work order whose swap is still to be done (the "remaining" of the progress report). */
export const REMAINING_STATUSES = ['unassigned', 'assigned', 'in_progress', 'failed_visit'] as const;
/** Statuses of a work order whose swap happened and was sent (whatever the review says). */
export const COMPLETED_STATUSES = ['completed', 'approved', 'returned', 'needs_review'] as const;
/** Export pages: big enough to be quick, small enough that 100,000 rows never sit in memory. */
export const EXPORT_PAGE_ROWS = 1000;

const n = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/**
 * The Vietnam day of a stored instant (ISO text from `toISOString()`): the one dialect-specific piece left (the
 * export's receipt window). Completions and visits carry their day in trigger-kept columns (migration 2026_11_28_0001).
 */
function vnDaySql(dialect: SqlDialect): (col: RawBuilder<unknown>) => RawBuilder<unknown> {
  return dialect === 'postgres'
    ? (col) => sql`to_char((${col})::timestamptz at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`
    : (col) => sql`date(${col}, '+7 hours')`;
}

function and(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` and `);
}

function inPeriod(day: RawBuilder<unknown>, period: DayPeriod): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (period.from !== undefined) conditions.push(sql`${day} >= ${period.from}`);
  if (period.to !== undefined) conditions.push(sql`${day} <= ${period.to}`);
  return conditions;
}

/** The progress, backlog and export reads of the supervisor console: every figure aggregated in SQL. */
export function reportsRepo(db: Kysely<Database>, dialect: SqlDialect) {
  const vnDay = vnDaySql(dialect);

  /** Team and commune filters on the work order `w`; the technician filter names the column it applies to. */
  function scoped(scope: ReportScope, technicianColumn: RawBuilder<unknown>): RawBuilder<unknown>[] {
    const conditions: RawBuilder<unknown>[] = [];
    if (scope.teamId !== null) conditions.push(sql`w.team_id = ${scope.teamId}`);
    if (scope.commune !== undefined) conditions.push(sql`w.commune = ${scope.commune}`);
    if (scope.technicianId !== undefined) conditions.push(sql`${technicianColumn} = ${scope.technicianId}`);
    return conditions;
  }

  return {
    /**
     * Planned and remaining work orders per group. Planned: not cancelled, planned date in the period (no period:
     * every one; the technician and day views leave out orders with no assignee or no planned date).
     */
    async planned(grouping: ProgressGroupBy, scope: ReportScope, period: DayPeriod): Promise<PlannedGroup[]> {
      const key = { commune: sql`w.commune`, technician: sql`w.assignee_id`, day: sql`w.planned_date` }[grouping];
      const where = and([
        sql`w.status <> 'cancelled'`,
        sql`${key} is not null`,
        ...scoped(scope, sql`w.assignee_id`),
        ...inPeriod(sql`w.planned_date`, period),
      ]);
      const { rows } = await sql<{ grp: string; planned: unknown; remaining: unknown }>`
        select ${key} as grp, count(*) as planned,
          sum(case when w.status in (${list(REMAINING_STATUSES)}) then 1 else 0 end) as remaining
        from work_orders w where ${where} group by ${key}`.execute(db);
      return rows.map((r) => ({ key: r.grp, planned: n(r.planned), remaining: n(r.remaining) }));
    },

    /**
     * Primary completions of swapped work orders whose capture day (Vietnam) is in the period, per group, with
     * their review state, photo state, first-visit success and cashless figures (from the trigger-kept columns).
     */
    async completed(grouping: ProgressGroupBy, scope: ReportScope, period: DayPeriod): Promise<CompletedGroup[]> {
      const key = { commune: sql`w.commune`, technician: sql`c.technician_id`, day: sql`c.captured_day` }[grouping];
      const where = and([
        sql`c.is_primary = 1`,
        sql`w.status in (${list(COMPLETED_STATUSES)})`,
        ...scoped(scope, sql`c.technician_id`),
        ...inPeriod(sql`c.captured_day`, period),
      ]);
      const { rows } = await sql<Record<string, unknown> & { grp: string }>`
        select ${key} as grp, count(*) as completed,
          sum(case when w.status = 'approved' then 1 else 0 end) as approved,
          sum(case when w.status = 'returned' then 1 else 0 end) as returned,
          sum(case when c.media_status = 'partial' then 1 else 0 end) as awaiting_photos,
          sum(case when exists (select 1 from visits v where v.work_order_id = c.work_order_id
            and v.at_utc < c.captured_utc) then 0 else 1 end) as first_visit,
          sum(case when c.cashless_current <> 'cash' then 1 else 0 end) as cashless_before,
          sum(c.cashless_new) as cashless_enrolled
        from completions c join work_orders w on w.id = c.work_order_id
        where ${where} group by ${key}`.execute(db);
      return rows.map((r) => ({
        key: r.grp,
        completed: n(r.completed),
        approved: n(r.approved),
        returned: n(r.returned),
        awaitingPhotos: n(r.awaiting_photos),
        firstVisit: n(r.first_visit),
        cashlessBefore: n(r.cashless_before),
        cashlessEnrolled: n(r.cashless_enrolled),
      }));
    },

    /** Failed visits whose day (Vietnam) is in the period, per group and reason code. */
    async failed(grouping: ProgressGroupBy, scope: ReportScope, period: DayPeriod): Promise<FailedGroup[]> {
      const key = { commune: sql`w.commune`, technician: sql`v.technician_id`, day: sql`v.at_day` }[grouping];
      const where = and([...scoped(scope, sql`v.technician_id`), ...inPeriod(sql`v.at_day`, period)]);
      const { rows } = await sql<{ grp: string; reason: string; failed: unknown }>`
        select ${key} as grp, v.reason as reason, count(*) as failed
        from visits v join work_orders w on w.id = v.work_order_id
        where ${where} group by ${key}, v.reason`.execute(db);
      return rows.map((r) => ({ key: r.grp, reason: r.reason, failed: n(r.failed) }));
    },

    /** Mean position of each commune's work orders in the scope (to colour communes on the map). */
    async communePositions(scope: ReportScope): Promise<CommunePosition[]> {
      const where = and(scoped({ ...scope, technicianId: undefined }, sql`w.assignee_id`));
      const { rows } = await sql<{ commune: string; lat: unknown; lng: unknown }>`
        select w.commune as commune, avg(w.lat) as lat, avg(w.lng) as lng
        from work_orders w where ${where} group by w.commune`.execute(db);
      return rows.map((r) => ({ commune: r.commune, lat: n(r.lat), lng: n(r.lng) }));
    },

    /** Display names of users by id (technician rows of the progress report). */
    async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.display_name]));
    },

    /**
     * Every technician of the scope (active or not, with or without a device) with the latest contact of any of
     * their devices and the sum of what each device last reported as pending (a second phone's backlog is backlog
     * too); the oldest pending capture time is the earliest over their devices.
     */
    async syncBacklog(teamId: string | null): Promise<BacklogRow[]> {
      const team = teamId === null ? sql`1 = 1` : sql`u.team_id = ${teamId}`;
      const { rows } = await sql<Record<string, unknown> & { id: string; display_name: string }>`
        select u.id as id, u.display_name as display_name, max(s.last_seen_at) as last_contact_at,
          sum(coalesce(s.pending_records, 0)) as pending_records, sum(coalesce(s.pending_photos, 0)) as pending_photos,
          min(case when coalesce(s.pending_records, 0) > 0 then s.oldest_pending_at end) as oldest_pending_at
        from users u left join sync_clients s on s.user_id = u.id
        where u.role = 'technician' and ${team}
        group by u.id, u.display_name order by u.display_name, u.id`.execute(db);
      return rows.map((r) => ({
        technicianId: r.id,
        displayName: r.display_name,
        lastContactAt: typeof r.last_contact_at === 'string' ? r.last_contact_at : null,
        pendingRecords: n(r.pending_records),
        pendingPhotos: n(r.pending_photos),
        oldestPendingAt: typeof r.oldest_pending_at === 'string' ? r.oldest_pending_at : null,
      }));
    },

    /**
     * Primary completions received (Vietnam day) in the period, counted as the export sees them: `approved` is what
     * approvedForExport yields; `awaitingApproval` waits for a supervisor (work order completed or needs review).
     */
    async exportCounts(teamId: string | null, period: DayPeriod): Promise<{ approved: number; awaitingApproval: number }> {
      const where = and([
        sql`c.is_primary = 1`,
        ...(teamId === null ? [] : [sql`w.team_id = ${teamId}`]),
        ...inPeriod(vnDay(sql`c.received_at`), period),
      ]);
      const { rows } = await sql<{ approved: unknown; awaiting: unknown }>`
        select sum(case when w.status = 'approved' then 1 else 0 end) as approved,
          sum(case when w.status in ('completed', 'needs_review') then 1 else 0 end) as awaiting
        from completions c join work_orders w on w.id = c.work_order_id where ${where}`.execute(db);
      const row = rows[0];
      return { approved: n(row?.approved), awaitingApproval: n(row?.awaiting) };
    },

    /**
     * Primary completions of approved work orders received (Vietnam day) in the period, in receipt order, one page
     * at a time (keyset on received_at, id) so a 100,000-row export never holds them all.
     */
    async *approvedForExport(teamId: string | null, period: DayPeriod): AsyncGenerator<ExportRow> {
      let after: { receivedAt: string; id: string } | null = null;
      for (;;) {
        const conditions = [
          sql`c.is_primary = 1`,
          sql`w.status = 'approved'`,
          ...(teamId === null ? [] : [sql`w.team_id = ${teamId}`]),
          ...inPeriod(vnDay(sql`c.received_at`), period),
        ];
        // A row-value comparison (both databases) lets the (received_at, id) index start right after the last row.
        if (after !== null) conditions.push(sql`(c.received_at, c.id) > (${after.receivedAt}, ${after.id})`);
        const { rows } = await sql<Record<string, string | number | null>>`
          select c.id as id, c.received_at as received_at, c.captured_at as captured_at, c.payload as payload,
            u.display_name as technician_name, w.code as code, w.customer_code as customer_code,
            w.customer_name as customer_name, w.phone as phone, w.address as address, w.commune as commune,
            w.province as province, w.station_code as station_code, w.route_code as route_code, w.phases as phases,
            w.old_meter_serial as old_meter_serial, w.old_meter_type as old_meter_type
          from completions c join work_orders w on w.id = c.work_order_id join users u on u.id = c.technician_id
          where ${and(conditions)} order by c.received_at, c.id limit ${EXPORT_PAGE_ROWS}`.execute(db);
        for (const r of rows) yield toExportRow(r);
        const last = rows.at(-1);
        if (rows.length < EXPORT_PAGE_ROWS || last === undefined) return;
        after = { receivedAt: String(last.received_at), id: String(last.id) };
      }
    },
  };
}

const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
const maybe = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

function toExportRow(r: Record<string, string | number | null>): ExportRow {
  return {
    completionId: text(r.id),
    receivedAt: text(r.received_at),
    capturedAt: text(r.captured_at),
    technicianName: text(r.technician_name),
    payload: fromJson(text(r.payload)),
    workOrder: {
      code: text(r.code),
      customerCode: text(r.customer_code),
      customerName: text(r.customer_name),
      phone: maybe(r.phone),
      address: text(r.address),
      commune: text(r.commune),
      province: text(r.province),
      stationCode: maybe(r.station_code),
      routeCode: maybe(r.route_code),
      phases: Number(r.phases),
      oldMeterSerial: text(r.old_meter_serial),
      oldMeterType: maybe(r.old_meter_type),
    },
  };
}

export type ReportsRepo = ReturnType<typeof reportsRepo>;
