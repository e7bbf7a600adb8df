import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../dialect';

/**
 * The database blob store's tables (server/store/blobRepository.ts, BLOB_STORE=database): photo bytes in 256 KiB
 * rows of `blob_chunks`, and one `blobs` header row per complete blob, written last in the same transaction.
 *
 * PostgreSQL only: on SQLite this migration is recorded and creates nothing. The configuration refuses
 * BLOB_STORE=database without a postgres:// DATABASE_URL (a SQLite file already lives on one machine beside the
 * folder store, and photos in it would bloat the file, its WAL and every backup of the records), so empty tables
 * there would only suggest a store that cannot be used.
 */
export function blobStoreMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await db.schema
        .createTable('blob_chunks')
        .addColumn('blob_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_chunks_pkey', ['blob_id', 'idx'])
        .execute();
      // JPEG, PNG and WEBP bytes are already compressed: store them out of line without trying again.
      await sql`alter table blob_chunks alter column bytes set storage external`.execute(db);
      await db.schema
        .createTable('blobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('chunk_count', 'integer', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
