import { sql, type Kysely, type Selectable } from 'kysely';
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

/**
 * A record of the queue by record (issue 18 §5): a work order's open items, or the items one decision settled
 * (same work order and resolved_at). `resolvedAt` is null for the open record.
 */
export interface ReviewRecordGroup {
  workOrderId: string;
  resolvedAt: string | null;
  /** The record's place in the queue: its oldest item's creation while open, its decision's time once settled. */
  sortAt: string;
}

/** A position in the queue by record: the last record of the previous page. */
export interface ReviewRecordKey {
  sortAt: string;
  workOrderId: string;
  /** '' for an open record. */
  resolvedAt: string;
}

export interface ReviewRecordFilter {
  teamId: string | null;
  status: ReviewStatus | 'all';
  workOrderId?: string | undefined;
  order: 'asc' | 'desc';
  after?: ReviewRecordKey | undefined;
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
      // In batches: a head-end message can flag thousands of meters at once (issue 17), past SQLite's parameter limit.
      for (const batch of chunks(reviews, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('reviews')
          .values(
            batch.map((r) => ({
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
      }
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

    /**
     * One page of the queue by record: items grouped by work order and decision (open items form one record per
     * work order), keyset on (sortAt, work order, resolvedAt) in the filter's order. One query; the caller reads the
     * page's items with itemsOfWorkOrders.
     */
    async listRecordGroups(filter: ReviewRecordFilter): Promise<ReviewRecordGroup[]> {
      const resolvedKey = sql<string>`coalesce(reviews.resolved_at, '')`;
      const sortAt = sql<string>`coalesce(max(reviews.resolved_at), min(reviews.created_at))`;
      let query = db
        .selectFrom('reviews')
        .innerJoin('work_orders', 'work_orders.id', 'reviews.work_order_id')
        .select([sql<string>`reviews.work_order_id`.as('work_order_id'), resolvedKey.as('resolved_key'), sortAt.as('sort_at')])
        .groupBy([sql`reviews.work_order_id`, resolvedKey]);
      if (filter.teamId !== null) query = query.where('work_orders.team_id', '=', filter.teamId);
      if (filter.status !== 'all') query = query.where('reviews.status', '=', filter.status);
      if (filter.workOrderId !== undefined) query = query.where('reviews.work_order_id', '=', filter.workOrderId);
      const after = filter.after;
      if (after !== undefined) {
        const cmp = sql.raw(filter.order === 'asc' ? '>' : '<');
        query = query.having(
          sql<boolean>`(${sortAt} ${cmp} ${after.sortAt} or (${sortAt} = ${after.sortAt} and (reviews.work_order_id ${cmp} ${after.workOrderId} or (reviews.work_order_id = ${after.workOrderId} and ${resolvedKey} ${cmp} ${after.resolvedAt}))))`,
        );
      }
      const direction = sql.raw(filter.order);
      const rows = await query
        .orderBy(sql`${sortAt} ${direction}`)
        .orderBy(sql`reviews.work_order_id ${direction}`)
        .orderBy(sql`${resolvedKey} ${direction}`)
        .limit(filter.limit)
        .execute();
      return rows.map((r) => ({ workOrderId: r.work_order_id, resolvedAt: r.resolved_key === '' ? null : r.resolved_key, sortAt: r.sort_at }));
    },

    /** Every item of the listed work orders (of one status, if given), oldest first. */
    async itemsOfWorkOrders(workOrderIds: readonly string[], onlyStatus?: ReviewStatus): Promise<ResolvedReviewRecord[]> {
      const found: ResolvedReviewRecord[] = [];
      for (const batch of chunks(workOrderIds, INSERT_BATCH_ROWS)) {
        let query = db.selectFrom('reviews').selectAll().where('work_order_id', 'in', batch);
        if (onlyStatus !== undefined) query = query.where('status', '=', onlyStatus);
        found.push(...(await query.orderBy('created_at').orderBy('id').execute()).map(toResolvedReview));
      }
      return found;
    },

    /** How many records wait for a decision (work orders with an open item), in a team or (null) everywhere. */
    async countOpenRecords(teamId: string | null): Promise<number> {
      let query = db
        .selectFrom('reviews')
        .innerJoin('work_orders', 'work_orders.id', 'reviews.work_order_id')
        .select(sql<number | string>`count(distinct reviews.work_order_id)`.as('n'))
        .where('reviews.status', '=', 'open');
      if (teamId !== null) query = query.where('work_orders.team_id', '=', teamId);
      const row = await query.executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async listForWorkOrder(workOrderId: string): Promise<ReviewRecord[]> {
      const rows = await db.selectFrom('reviews').selectAll().where('work_order_id', '=', workOrderId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toReview);
    },
  };
}

export type ReviewsRepo = ReturnType<typeof reviewsRepo>;
