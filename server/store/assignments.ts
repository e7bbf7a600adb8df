import type { Kysely } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { Database } from './schema';
import type { NewAssignment } from './records';

/** `superseded`: the work was done by a technician it had been taken from, whose completion arrived later (design §6). */
export type AssignmentEndReason = 'reassigned' | 'unassigned' | 'cancelled' | 'completed' | 'superseded';

export function assignmentsRepo(db: Kysely<Database>) {
  return {
    async insertMany(assignments: readonly NewAssignment[]): Promise<void> {
      for (const batch of chunks(assignments, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('assignments')
          .values(
            batch.map((a) => ({
              id: a.id,
              work_order_id: a.workOrderId,
              technician_id: a.technicianId,
              assigned_by: a.assignedBy,
              assigned_at: a.assignedAt,
              ended_at: null,
              end_reason: null,
            })),
          )
          .execute();
      }
    },

    /** Closes the open assignment of each work order (there is at most one). */
    async endOpen(workOrderIds: readonly string[], endedAt: string, reason: AssignmentEndReason): Promise<void> {
      for (const batch of chunks(workOrderIds, INSERT_BATCH_ROWS)) {
        await db
          .updateTable('assignments')
          .set({ ended_at: endedAt, end_reason: reason })
          .where('work_order_id', 'in', batch)
          .where('ended_at', 'is', null)
          .execute();
      }
    },

    /** Whether the technician was ever assigned the work order: what authorises delivering offline work (design §4). */
    async wasEverAssigned(workOrderId: string, technicianId: string): Promise<boolean> {
      const row = await db
        .selectFrom('assignments')
        .select('id')
        .where('technician_id', '=', technicianId)
        .where('work_order_id', '=', workOrderId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** History of a work order, oldest first. */
    async listForWorkOrder(workOrderId: string) {
      const rows = await db
        .selectFrom('assignments')
        .selectAll()
        .where('work_order_id', '=', workOrderId)
        .orderBy('assigned_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        technicianId: r.technician_id,
        assignedBy: r.assigned_by,
        assignedAt: r.assigned_at,
        endedAt: r.ended_at,
        endReason: r.end_reason,
      }));
    },
  };
}

export type AssignmentsRepo = ReturnType<typeof assignmentsRepo>;
