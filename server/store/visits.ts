import type { Kysely, Selectable } from 'kysely';
import { fromJson, toJson } from './json';
import type { VisitRecord } from './records';
import type { Database, VisitsTable } from './schema';

function toVisit(row: Selectable<VisitsTable>): VisitRecord {
  return {
    id: row.id,
    workOrderId: row.work_order_id,
    technicianId: row.technician_id,
    reason: row.reason,
    note: row.note,
    gps: row.gps === null ? null : fromJson(row.gps),
    at: row.at,
    receivedAt: row.received_at,
    payload: fromJson(row.payload),
  };
}

export function visitsRepo(db: Kysely<Database>) {
  return {
    async findById(id: string): Promise<VisitRecord | undefined> {
      const row = await db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toVisit(row);
    },

    async insert(visit: VisitRecord): Promise<void> {
      await db
        .insertInto('visits')
        .values({
          id: visit.id,
          work_order_id: visit.workOrderId,
          technician_id: visit.technicianId,
          reason: visit.reason,
          note: visit.note,
          gps: visit.gps === null || visit.gps === undefined ? null : toJson(visit.gps),
          at: visit.at,
          received_at: visit.receivedAt,
          payload: toJson(visit.payload),
        })
        .execute();
    },

    async countForWorkOrder(workOrderId: string): Promise<number> {
      const row = await db
        .selectFrom('visits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('work_order_id', '=', workOrderId)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async listForWorkOrder(workOrderId: string): Promise<VisitRecord[]> {
      const rows = await db.selectFrom('visits').selectAll().where('work_order_id', '=', workOrderId).orderBy('at').orderBy('id').execute();
      return rows.map(toVisit);
    },
  };
}

export type VisitsRepo = ReturnType<typeof visitsRepo>;
