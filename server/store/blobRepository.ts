import type { Kysely } from 'kysely';
import { connect, type ConnectOptions } from './connect';
import type { Database } from './schema';

/**
 * The database blob store's tables (PostgreSQL only, migration 2026_11_29_0001_blob_store). Not part of `Database`:
 * only this file reads or writes them.
 * - `blob_chunks`: the bytes, `BLOB_CHUNK_BYTES` per row (the last row shorter), numbered from 0;
 * - `blobs`: one header row per complete blob, written last in the transaction that wrote its chunks, so a header
 *   means every chunk is there. Readers look for the header first and never see half a blob.
 */
type BlobTables = {
  blobs: { id: string; size: number; chunk_count: number; stored_at: string };
  blob_chunks: { blob_id: string; idx: number; bytes: Uint8Array };
};

/** 256 KiB a row: a 5 MB photo is 20 rows, and a reader holds one row at a time. */
export const BLOB_CHUNK_BYTES = 256 * 1024;

/** Its own small pool: a photo upload's transaction or a download's chunk reads never wait behind sync requests. */
const BLOB_POOL_SIZE = 4;

export interface BlobHeader {
  size: number;
  chunkCount: number;
}

export interface NewBlob {
  id: string;
  size: number;
  /** Every chunk in order, each `BLOB_CHUNK_BYTES` long except the last. */
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  storedAt: string;
}

export interface BlobRepository {
  header(id: string): Promise<BlobHeader | undefined>;
  /** Chunk `idx` of a blob (0-based), or undefined when there is none. */
  chunk(id: string, idx: number): Promise<Buffer | undefined>;
  /**
   * Writes the chunks and the header in one transaction (one statement). A blob already stored, or stored meanwhile by another
   * process, is left as it is (ON CONFLICT DO NOTHING: same id, same bytes). Answers whether this call stored it.
   * When reading `chunks` throws, the transaction rolls back and nothing is stored.
   */
  put(blob: NewBlob): Promise<boolean>;
  close(): Promise<void>;
}

export function blobRepository(database: Kysely<Database>): Omit<BlobRepository, 'close'> {
  const db = database.$extendTables<BlobTables>();
  return {
    async header(id) {
      const row = await db.selectFrom('blobs').select(['size', 'chunk_count']).where('id', '=', id).executeTakeFirst();
      return row && { size: row.size, chunkCount: row.chunk_count };
    },

    async chunk(id, idx) {
      const row = await db.selectFrom('blob_chunks').select('bytes').where('blob_id', '=', id).where('idx', '=', idx).executeTakeFirst();
      return row && Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
    },

    async put({ id, size, chunks, storedAt }) {
      // The common repeat (a device re-sending a photo) costs one indexed read, not 5 MB of writes.
      if (await db.selectFrom('blobs').select('id').where('id', '=', id).executeTakeFirst()) return false;
      // Every chunk is in hand before anything is sent (the store holds a blob in memory anyway): a source that
      // fails half-way has written nothing.
      const rows: { blob_id: string; idx: number; bytes: Uint8Array }[] = [];
      for await (const bytes of chunks) rows.push({ blob_id: id, idx: rows.length, bytes });
      // One statement, so one transaction and one round trip (not BEGIN, a statement per chunk, COMMIT): the chunks
      // in a data-modifying WITH, the header beside them, visible together at its commit. Two concurrent puts insert
      // the same keys in the same order: the second waits for the first's commit at its first chunk, then does
      // nothing, so they cannot deadlock.
      const header = { id, size, chunk_count: rows.length, stored_at: storedAt };
      const inserted =
        rows.length === 0
          ? await db
              .insertInto('blobs')
              .values(header)
              .onConflict((oc) => oc.column('id').doNothing())
              .executeTakeFirst()
          : await db
              .with('chunks', (qb) =>
                qb
                  .insertInto('blob_chunks')
                  .values(rows)
                  .onConflict((oc) => oc.columns(['blob_id', 'idx']).doNothing())
                  .returning('idx'),
              )
              .insertInto('blobs')
              .values(header)
              .onConflict((oc) => oc.column('id').doNothing())
              .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}

/** Opens the blob tables on PostgreSQL with a pool of their own (the same database and schema as the store's). */
export async function openBlobRepository(options: ConnectOptions): Promise<BlobRepository> {
  const { db, dialect } = await connect({ poolSize: BLOB_POOL_SIZE, ...options });
  if (dialect !== 'postgres') {
    await db.destroy();
    throw new Error('the database blob store needs PostgreSQL (DATABASE_URL=postgres://…)');
  }
  return { ...blobRepository(db), close: () => db.destroy() };
}
