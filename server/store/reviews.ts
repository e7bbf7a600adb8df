import type { Kysely, Selectable } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import { REVIEW_STATUSES, type ReviewStatus } from '../../src/domain/protocol/conflicts';
import type { ReviewRecord } from './records';
import type { Database, ReviewsTable } from './schema';

/** A review item with its resolution (null while open). */
export interface ResolvedReviewRecord extends ReviewRecord {
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** A position in the review queue: the last item of the previous page. */
export interface ReviewQueueKey {
  createdAt: string;
  id: string;
}

export interface ReviewQueueFilter {
  /** null: every team (admin). A supervisor without a team passes their (absent) team as '' and sees nothing. */
  teamId: string | null;
  status: ReviewStatus | 'all';
  workOrderId?: string | undefined;
  /** Oldest first (the open queue) or newest first (closed items, all). */
  order: 'asc' | 'desc';
  after?: ReviewQueueKey | undefined;
  limit: number;
}

export interface ReviewResolution {
  status: Exclude<ReviewStatus, 'open'>;
  resolvedBy: string;
  resolvedAt: string;
  note: string | null;
}

function status(value: string): ReviewStatus {
  const found = REVIEW_STATUSES.find((s) => s === value);
  if (found === undefined) throw new Error(`reviews.status holds unknown value ${value}`);
  return found;
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

function toResolvedReview(row: Selectable<ReviewsTable>): ResolvedReviewRecord {
  return { ...toReview(row), note: row.note, resolvedBy: row.resolved_by, resolvedAt: row.resolved_at };
}

export function reviewsRepo(db: Kysely<Database>) {
  return {
    async insertMany(reviews: readonly ReviewRecord[]): Promise<void> {
      if (reviews.length === 0) return;
      await db
        .insertInto('reviews')
        .values(
          reviews.map((r) => ({
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
          })),
        )
        .execute();
    },

    async hasOpen(workOrderId: string, code: string): Promise<boolean> {
      const row = await db
        .selectFrom('reviews')
        .select('id')
        .where('work_order_id', '=', workOrderId)
        .where('code', '=', code)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return row !== undefined;
    },

    async findById(id: string): Promise<ResolvedReviewRecord | undefined> {
      const row = await db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toResolvedReview(row);
    },

    async findByIds(ids: readonly string[]): Promise<ResolvedReviewRecord[]> {
      const found: ResolvedReviewRecord[] = [];
      for (const batch of chunks(ids, INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('reviews').selectAll().where('id', 'in', batch).execute();
        found.push(...rows.map(toResolvedReview));
      }
      return found;
    },

    /** Every item of a work order with its resolution, oldest first. */
    async listResolvedForWorkOrder(workOrderId: string): Promise<ResolvedReviewRecord[]> {
      const rows = await db.selectFrom('reviews').selectAll().where('work_order_id', '=', workOrderId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toResolvedReview);
    },

    /**
     * One page of the review queue: keyset on (created_at, id) in the filter's order, scoped to a team through
     * the work order. One query; the caller enriches the page with batched lookups.
     */
    async listQueue(filter: ReviewQueueFilter): Promise<ResolvedReviewRecord[]> {
      let query = db.selectFrom('reviews').innerJoin('work_orders', 'work_orders.id', 'reviews.work_order_id').selectAll('reviews');
      if (filter.teamId !== null) query = query.where('work_orders.team_id', '=', filter.teamId);
      if (filter.status !== 'all') query = query.where('reviews.status', '=', filter.status);
      if (filter.workOrderId !== undefined) query = query.where('reviews.work_order_id', '=', filter.workOrderId);
      const after = filter.after;
      if (after !== undefined) {
        const cmp = filter.order === 'asc' ? '>' : '<';
        query = query.where((eb) =>
          eb.or([
            eb('reviews.created_at', cmp, after.createdAt),
            eb.and([eb('reviews.created_at', '=', after.createdAt), eb('reviews.id', cmp, after.id)]),
          ]),
        );
      }
      const rows = await query.orderBy('reviews.created_at', filter.order).orderBy('reviews.id', filter.order).limit(filter.limit).execute();
      return rows.map(toResolvedReview);
    },

    /** Resolves the listed items that are still open; answers how many it resolved. */
    async resolveOpen(ids: readonly string[], resolution: ReviewResolution): Promise<number> {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable('reviews')
        .set({
          status: resolution.status,
          resolved_by: resolution.resolvedBy,
          resolved_at: resolution.resolvedAt,
          note: resolution.note,
        })
        .where('id', 'in', ids)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listForWorkOrder(workOrderId: string): Promise<ReviewRecord[]> {
      const rows = await db.selectFrom('reviews').selectAll().where('work_order_id', '=', workOrderId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toReview);
    },
  };
}

export type ReviewsRepo = ReturnType<typeof reviewsRepo>;
