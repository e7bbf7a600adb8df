import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Rows per insert statement (PostgreSQL and SQLite bind-parameter limits stay far away). */
const BACKFILL_BATCH_ROWS = 200;

/**
 * From this version on every primary completion files a `COMPLETION` review item (đối soát). Completions stored
 * before it that still wait for a decision (work order completed or needs_review, no COMPLETION item yet) get
 * theirs here, dated when the completion arrived, so they appear in the supervisor's queue.
 */
export function reviewBackfillMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const { rows } = await sql<{ id: string; work_order_id: string; received_at: string }>`
        select c.id, c.work_order_id, c.received_at
        from completions c join work_orders w on w.id = c.work_order_id
        where c.is_primary = 1 and w.status in ('completed', 'needs_review')
          and not exists (select 1 from reviews r where r.work_order_id = c.work_order_id and r.code = 'COMPLETION')
        order by c.received_at, c.id`.execute(db);
      for (let start = 0; start < rows.length; start += BACKFILL_BATCH_ROWS) {
        const values = rows
          .slice(start, start + BACKFILL_BATCH_ROWS)
          .map(
            (c) =>
              sql`(${randomUUID()}, ${c.work_order_id}, ${c.id}, 'COMPLETION', 'First submission (filed when review items were introduced).', 'open', ${c.received_at})`,
          );
        await sql`insert into reviews (id, work_order_id, completion_id, code, detail, status, created_at)
          values ${sql.join(values)}`.execute(db);
      }
    },
  };
}
