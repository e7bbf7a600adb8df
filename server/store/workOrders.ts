import { sql, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { SqlDialect } from './dialect';
import type { WorkOrderNotice as Notice } from '../../src/domain/workOrder/notice';
import { WorkOrderNotice, WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import { fromJson, toJson } from './json';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { Database, WorkOrdersTable } from './schema';
import type { NewWorkOrder, StoredWorkOrder, WorkOrderAssignmentPatch, WorkOrderStatePatch } from './records';
import { searchPattern, workOrderSearchText } from './workOrderSearch';

/** The filters of the supervisor's list and map, already scoped: `teamId` null means every team (admin). */
export interface WorkOrderQueryFilter {
  teamId: string | null;
  status?: readonly WorkOrderStatus[];
  /** A technician's id, or 'none' for unassigned work. */
  assigneeId?: string;
  commune?: string;
  plannedDate?: string;
  /** [minLng, minLat, maxLng, maxLat] */
  bbox?: readonly [number, number, number, number];
  q?: string;
}

/** What an import needs to know about a code that already exists. */
export interface ImportTarget {
  id: string;
  code: string;
  status: WorkOrderStatus;
  teamId: string | null;
  assigneeId: string | null;
  version: number;
}

/** The fields a CSV import writes (status, assignee and team are the service's business). */
export type ImportedFields = Omit<StoredWorkOrder, 'id' | 'code' | 'status' | 'assigneeId' | 'version' | 'teamId'>;

/** Members of WorkOrderMapPoints and the column each holds. */
const MAP_COLUMNS = [
  ['ids', 'id'],
  ['codes', 'code'],
  ['lat', 'lat'],
  ['lng', 'lng'],
  ['status', 'status'],
  ['assigneeIds', 'assignee_id'],
  ['communes', 'commune'],
  ['plannedDates', 'planned_date'],
] as const satisfies readonly (readonly [string, keyof WorkOrdersTable])[];

type WorkOrderQuery<O> = SelectQueryBuilder<Database, 'work_orders', O>;

function applyFilter<O>(query: WorkOrderQuery<O>, filter: WorkOrderQueryFilter): WorkOrderQuery<O> {
  let q = query;
  if (filter.teamId !== null) q = q.where('team_id', '=', filter.teamId);
  if (filter.status !== undefined && filter.status.length > 0) q = q.where('status', 'in', [...filter.status]);
  if (filter.assigneeId === 'none') q = q.where('assignee_id', 'is', null);
  else if (filter.assigneeId !== undefined) q = q.where('assignee_id', '=', filter.assigneeId);
  if (filter.commune !== undefined) q = q.where('commune', '=', filter.commune);
  if (filter.plannedDate !== undefined) q = q.where('planned_date', '=', filter.plannedDate);
  if (filter.bbox !== undefined) {
    const [minLng, minLat, maxLng, maxLat] = filter.bbox;
    q = q.where('lng', '>=', minLng).where('lng', '<=', maxLng).where('lat', '>=', minLat).where('lat', '<=', maxLat);
  }
  if (filter.q !== undefined) q = q.where(sql<boolean>`search_text like ${searchPattern(filter.q)} escape ${sql.lit('\\')}`);
  return q;
}

function phases(value: number): 1 | 3 {
  if (value === 1 || value === 3) return value;
  throw new Error(`work_orders.phases holds ${value}; only 1 or 3 are valid`);
}

function toWorkOrder(row: Selectable<WorkOrdersTable>): StoredWorkOrder {
  return {
    id: row.id,
    code: row.code,
    customerCode: row.customer_code,
    customerName: row.customer_name,
    phone: row.phone,
    address: row.address,
    commune: row.commune,
    hamlet: row.hamlet,
    district: row.district,
    province: row.province,
    lat: row.lat,
    lng: row.lng,
    stationCode: row.station_code,
    routeCode: row.route_code,
    routeOrder: row.route_order,
    phases: phases(row.phases),
    oldMeterSerial: row.old_meter_serial,
    oldMeterType: row.old_meter_type,
    lastBilledReading: row.last_billed_reading,
    reason: row.reason,
    plannedDate: row.planned_date,
    status: WorkOrderStatus.parse(row.status),
    assigneeId: row.assignee_id,
    version: row.version,
    ...(row.notice === null ? {} : { notice: parseNotice(row.notice) }),
    teamId: row.team_id,
  };
}

/** A stored notice that no longer parses is corrupt data: the work order then shows none rather than failing to load. */
function parseNotice(json: string): Notice | null {
  let value: unknown;
  try {
    value = fromJson(json);
  } catch {
    return null;
  }
  const parsed = WorkOrderNotice.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function toRow(wo: NewWorkOrder): Insertable<WorkOrdersTable> {
  return {
    id: wo.id,
    code: wo.code,
    customer_code: wo.customerCode,
    customer_name: wo.customerName,
    phone: wo.phone,
    address: wo.address,
    commune: wo.commune,
    hamlet: wo.hamlet ?? null,
    district: wo.district ?? null,
    province: wo.province,
    lat: wo.lat,
    lng: wo.lng,
    station_code: wo.stationCode,
    route_code: wo.routeCode,
    route_order: wo.routeOrder,
    phases: wo.phases,
    old_meter_serial: wo.oldMeterSerial,
    old_meter_type: wo.oldMeterType,
    last_billed_reading: wo.lastBilledReading,
    reason: wo.reason,
    planned_date: wo.plannedDate,
    status: wo.status,
    assignee_id: wo.assigneeId,
    team_id: wo.teamId,
    version: wo.version,
    created_at: wo.createdAt,
    updated_at: wo.updatedAt,
    search_text: workOrderSearchText(wo),
  };
}

export function workOrdersRepo(db: Kysely<Database>, dialect: SqlDialect) {
  return {
    async findById(id: string): Promise<StoredWorkOrder | undefined> {
      const row = await db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toWorkOrder(row);
    },

    /**
     * Reads a work order and, on PostgreSQL, locks its row until the transaction ends, so two pushes deciding
     * about the same work order (two technicians completing it) take turns. SQLite has one writer at a time.
     */
    async findByIdForUpdate(id: string): Promise<StoredWorkOrder | undefined> {
      if (!db.isTransaction) throw new Error('workOrders.findByIdForUpdate must run inside store.transaction');
      const query = db.selectFrom('work_orders').selectAll().where('id', '=', id);
      const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
      return row && toWorkOrder(row);
    },

    async findByIds(ids: readonly string[]): Promise<StoredWorkOrder[]> {
      const found: StoredWorkOrder[] = [];
      for (const batch of chunks(ids, INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('work_orders').selectAll().where('id', 'in', batch).execute();
        found.push(...rows.map(toWorkOrder));
      }
      return found;
    },

    /**
     * Reads work orders and, on PostgreSQL, locks their rows until the transaction ends, in id order (two writers
     * locking overlapping sets then never wait on each other in a cycle). SQLite has one writer at a time.
     */
    async findByIdsForUpdate(ids: readonly string[]): Promise<StoredWorkOrder[]> {
      if (!db.isTransaction) throw new Error('workOrders.findByIdsForUpdate must run inside store.transaction');
      const found: StoredWorkOrder[] = [];
      for (const batch of chunks([...new Set(ids)].sort(), INSERT_BATCH_ROWS)) {
        const query = db.selectFrom('work_orders').selectAll().where('id', 'in', batch).orderBy('id');
        const rows = await (dialect === 'postgres' ? query.forUpdate() : query).execute();
        found.push(...rows.map(toWorkOrder));
      }
      return found;
    },

    /**
     * How many work orders each technician has planned on `plannedDate` (any status but cancelled), for the given
     * technicians; one absent from the map has none.
     */
    async loadsOn(plannedDate: string, technicianIds: readonly string[]): Promise<Map<string, number>> {
      const loads = new Map<string, number>();
      for (const batch of chunks([...new Set(technicianIds)], INSERT_BATCH_ROWS)) {
        const rows = await db
          .selectFrom('work_orders')
          .select(['assignee_id', (eb) => eb.fn.countAll<number | string>().as('n')])
          .where('planned_date', '=', plannedDate)
          .where('status', '<>', 'cancelled')
          .where('assignee_id', 'in', batch)
          .groupBy('assignee_id')
          .execute();
        for (const row of rows) if (row.assignee_id !== null) loads.set(row.assignee_id, Number(row.n));
      }
      return loads;
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('work_orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async insertMany(workOrders: readonly NewWorkOrder[]): Promise<void> {
      for (const batch of chunks(workOrders, INSERT_BATCH_ROWS)) {
        await db.insertInto('work_orders').values(batch.map(toRow)).execute();
      }
    },

    /**
     * Many assignment patches at once: one UPDATE … FROM a VALUES list per 500 orders instead of a statement each
     * (a roadmap's confirmation writes thousands). The casts give PostgreSQL the integer columns' types.
     */
    async updateAssignments(patches: readonly (WorkOrderAssignmentPatch & { id: string })[]): Promise<void> {
      for (const batch of chunks(patches, INSERT_BATCH_ROWS)) {
        const values = sql.join(
          batch.map(
            (p) =>
              sql`(${p.id}, ${p.assigneeId}, ${p.status}, ${p.plannedDate}, ${p.teamId}, cast(${p.routeOrder} as integer), cast(${p.version} as integer), ${p.updatedAt})`,
          ),
        );
        await sql`with v (id, assignee_id, status, planned_date, team_id, route_order, version, updated_at) as (values ${values})
          update work_orders set assignee_id = v.assignee_id, status = v.status, planned_date = v.planned_date, team_id = v.team_id,
            route_order = v.route_order, version = v.version, updated_at = v.updated_at
          from v where work_orders.id = v.id`.execute(db);
      }
    },

    /** One page of the list in code order (keyset: codes after `afterCode`); `limit` rows at most. */
    async list(filter: WorkOrderQueryFilter, afterCode: string | undefined, limit: number): Promise<StoredWorkOrder[]> {
      let query = applyFilter(db.selectFrom('work_orders').selectAll(), filter);
      if (afterCode !== undefined) query = query.where('code', '>', afterCode);
      const rows = await query.orderBy('code').limit(limit).execute();
      return rows.map(toWorkOrder);
    },

    /**
     * The map's answer (WorkOrderMapPoints) as JSON text built by the database, so 100,000 markers never become
     * 100,000 JavaScript objects. One aggregate per column over the same rows: every aggregate of a query consumes
     * the rows in one sequence, so the columns stay aligned; the sorted subquery puts them in code order.
     */
    async mapDocument(filter: WorkOrderQueryFilter): Promise<string> {
      const postgres = dialect === 'postgres';
      const rows = applyFilter(db.selectFrom('work_orders').select(MAP_COLUMNS.map(([, name]) => name)), filter).orderBy('code');
      // array_to_json(array_agg()) writes compact JSON, and array_agg of no rows is null.
      const column = (name: string) =>
        postgres ? sql`coalesce(array_to_json(array_agg(${sql.ref(`m.${name}`)})), '[]'::json)` : sql`json_group_array(${sql.ref(`m.${name}`)})`;
      const members = sql.join(MAP_COLUMNS.map(([key, name]) => sql`${sql.lit(key)}, ${column(name)}`));
      const doc = postgres ? sql<string>`json_build_object(${members})::text` : sql<string>`json_object(${members})`;
      const row = await db.selectFrom(rows.as('m')).select(doc.as('doc')).executeTakeFirstOrThrow();
      return row.doc;
    },

    /**
     * The work orders that already hold some of these codes. With `lock` (inside a transaction), PostgreSQL locks
     * them until it ends, so a push completing one cannot slip between the import's check and its update.
     */
    async findImportTargets(codes: readonly string[], { lock = false } = {}): Promise<ImportTarget[]> {
      if (lock && !db.isTransaction) throw new Error('workOrders.findImportTargets with lock must run inside store.transaction');
      const found: ImportTarget[] = [];
      for (const batch of chunks(codes, INSERT_BATCH_ROWS)) {
        const query = db.selectFrom('work_orders').select(['id', 'code', 'status', 'team_id', 'assignee_id', 'version']).where('code', 'in', batch);
        const rows = await (lock && dialect === 'postgres' ? query.forUpdate() : query).execute();
        found.push(
          ...rows.map((r) => ({
            id: r.id,
            code: r.code,
            status: WorkOrderStatus.parse(r.status),
            teamId: r.team_id,
            assigneeId: r.assignee_id,
            version: r.version,
          })),
        );
      }
      return found;
    },

    /** Rewrites what a CSV import carries; status, assignee and team stay as they are, so does a planned date the file leaves empty. */
    async updateImported(id: string, code: string, fields: ImportedFields, version: number, updatedAt: string): Promise<void> {
      await db
        .updateTable('work_orders')
        .set({
          customer_code: fields.customerCode,
          customer_name: fields.customerName,
          phone: fields.phone,
          address: fields.address,
          commune: fields.commune,
          hamlet: fields.hamlet ?? null,
          district: fields.district ?? null,
          province: fields.province,
          lat: fields.lat,
          lng: fields.lng,
          station_code: fields.stationCode,
          route_code: fields.routeCode,
          route_order: fields.routeOrder,
          phases: fields.phases,
          old_meter_serial: fields.oldMeterSerial,
          old_meter_type: fields.oldMeterType,
          last_billed_reading: fields.lastBilledReading,
          reason: fields.reason,
          // An empty planned date in the file keeps the one set by an assignment.
          ...(fields.plannedDate === null ? {} : { planned_date: fields.plannedDate }),
          search_text: workOrderSearchText({ ...fields, code }),
          version,
          updated_at: updatedAt,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Sets the household's notice state and the version it comes with (the caller holds the row's lock). */
    async updateNotice(id: string, notice: Notice, version: number, updatedAt: string): Promise<void> {
      await db
        .updateTable('work_orders')
        .set({ notice: toJson(notice), version, updated_at: updatedAt })
        .where('id', '=', id)
        .execute();
    },

    async updateState(id: string, patch: WorkOrderStatePatch): Promise<void> {
      await db
        .updateTable('work_orders')
        .set({
          status: patch.status,
          assignee_id: patch.assigneeId,
          version: patch.version,
          updated_at: patch.updatedAt,
        })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type WorkOrdersRepo = ReturnType<typeof workOrdersRepo>;
