import type { Kysely, Selectable } from 'kysely';
import type { SqlDialect } from './dialect';
import { WorkOrderStatus } from '../../src/domain/workOrder';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { Database, WorkOrdersTable } from './schema';
import type { NewWorkOrder, StoredWorkOrder, WorkOrderAssignmentPatch, WorkOrderStatePatch } from './records';

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
    teamId: row.team_id,
  };
}

function toRow(wo: NewWorkOrder): WorkOrdersTable {
  return {
    id: wo.id,
    code: wo.code,
    customer_code: wo.customerCode,
    customer_name: wo.customerName,
    phone: wo.phone,
    address: wo.address,
    commune: wo.commune,
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

    async count(): Promise<number> {
      const row = await db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return row.n;
    },

    async insertMany(workOrders: readonly NewWorkOrder[]): Promise<void> {
      for (const batch of chunks(workOrders, INSERT_BATCH_ROWS)) {
        await db.insertInto('work_orders').values(batch.map(toRow)).execute();
      }
    },

    async updateAssignment(id: string, patch: WorkOrderAssignmentPatch): Promise<void> {
      await db.updateTable('work_orders').set({
        assignee_id: patch.assigneeId,
        status: patch.status,
        planned_date: patch.plannedDate,
        team_id: patch.teamId,
        route_order: patch.routeOrder,
        version: patch.version,
        updated_at: patch.updatedAt,
      }).where('id', '=', id).execute();
    },

    async updateState(id: string, patch: WorkOrderStatePatch): Promise<void> {
      await db.updateTable('work_orders').set({
        status: patch.status,
        assignee_id: patch.assigneeId,
        version: patch.version,
        updated_at: patch.updatedAt,
      }).where('id', '=', id).execute();
    },
  };
}

export type WorkOrdersRepo = ReturnType<typeof workOrdersRepo>;
