import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * What a device reports about its own backlog at each pull (`GET /api/v1/sync/pull`'s optional `pendingRecords`,
 * `pendingPhotos`, `oldestPendingAt`), kept on its `sync_clients` row for the supervisor's sync-backlog report.
 * Null until the device first reports (older app versions never do). `reported_at` is when the server stored it.
 */
export function syncBacklogMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sync_clients').addColumn('pending_records', 'integer').execute();
      await db.schema.alterTable('sync_clients').addColumn('pending_photos', 'integer').execute();
      await db.schema.alterTable('sync_clients').addColumn('oldest_pending_at', 'text').execute();
      await db.schema.alterTable('sync_clients').addColumn('reported_at', 'text').execute();
      await db.schema.createIndex('sync_clients_user').on('sync_clients').column('user_id').execute();
    },
  };
}
