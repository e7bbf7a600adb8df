import type { Kysely, Selectable } from 'kysely';
import type { ReviewRecord } from './records';
import type { Database, ReviewsTable } from './schema';

function status(value: string): ReviewRecord['status'] {
  if (value === 'open' || value === 'approved' || value === 'returned') return value;
  throw new Error(`reviews.status holds unknown value ${value}`);
}

function toReview(row: Selectable<ReviewsTable>): ReviewRecord {
  return {
    id: row.id,
    workOrderId: row.work_order_id,
    completionId: row.completion_id,
    code: row.code,
    detail: row.detail,
    status: status(row.status),
    createdAt: row.created_at,
  };
}

export function reviewsRepo(db: Kysely<Database>) {
  return {
    async insertMany(reviews: readonly ReviewRecord[]): Promise<void> {
      if (reviews.length === 0) return;
      await db.insertInto('reviews').values(reviews.map((r) => ({
        id: r.id,
        work_order_id: r.workOrderId,
        completion_id: r.completionId,
        code: r.code,
        detail: r.detail,
        status: r.status,
        created_at: r.createdAt,
        resolved_by: null,
        resolved_at: null,
        note: null,
      }))).execute();
    },

    async hasOpen(workOrderId: string, code: string): Promise<boolean> {
      const row = await db.selectFrom('reviews').select('id')
        .where('work_order_id', '=', workOrderId).where('code', '=', code).where('status', '=', 'open')
        .executeTakeFirst();
      return row !== undefined;
    },

    async listForWorkOrder(workOrderId: string): Promise<ReviewRecord[]> {
      const rows = await db.selectFrom('reviews').selectAll().where('work_order_id', '=', workOrderId)
        .orderBy('created_at').orderBy('id').execute();
      return rows.map(toReview);
    },
  };
}

export type ReviewsRepo = ReturnType<typeof reviewsRepo>;
