import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The review queue (đối soát) pages by status in creation order (oldest open first, newest closed first) with a
 * keyset on (created_at, id): this index serves both directions without sorting the whole table.
 * Amendments of returned completions keep their before/after payload in the audit log, so no table is added.
 */
export function reviewsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('reviews_queue').on('reviews').columns(['status', 'created_at', 'id']).execute();
    },
  };
}
