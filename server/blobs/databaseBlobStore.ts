import { Readable } from 'node:stream';
import { PHOTO_MAX_BYTES } from '../../src/domain/capture/photos';
import { BLOB_CHUNK_BYTES, openBlobRepository, type BlobHeader, type BlobRepository } from '../store/blobRepository';
import type { ConnectOptions } from '../store/connect';
import { assertBlobId, BlobTooLargeError, type BlobStore, type StoredBlob } from './blobStore';
import { beginVerified } from './verifiedWriter';

export interface DatabaseBlobStoreOptions {
  /** The largest blob a writer takes (it holds the bytes in memory until commit). Default: a photo's limit, 5 MB. */
  maxBytes?: number;
  /** When a blob was stored (the header's `stored_at`). */
  now?: () => Date;
}

/** The bytes of one blob being written, in chunk-sized buffers filled as they arrive: commit copies nothing. */
class ChunkBuffer {
  private readonly full: Buffer[] = [];
  private current: Buffer | null = null;
  private filled = 0;
  size = 0;

  append(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      this.current ??= Buffer.allocUnsafe(BLOB_CHUNK_BYTES);
      const n = Math.min(bytes.length - offset, BLOB_CHUNK_BYTES - this.filled);
      this.current.set(bytes.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === BLOB_CHUNK_BYTES) {
        this.full.push(this.current);
        this.current = null;
        this.filled = 0;
      }
    }
    this.size += bytes.length;
  }

  chunks(): Buffer[] {
    return this.current === null ? this.full : [...this.full, this.current.subarray(0, this.filled)];
  }
}

/**
 * Reads a blob one chunk (one query) at a time as the consumer asks: a high-water mark of one chunk keeps at most
 * one read ahead, and destroying the stream (a client gone mid-download) stops the queries.
 */
function chunkStream(repository: Pick<BlobRepository, 'chunk'>, id: string, header: BlobHeader): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let size = 0;
    for (let idx = 0; idx < header.chunkCount; idx++) {
      const bytes = await repository.chunk(id, idx);
      if (bytes === undefined) throw new Error(`blob ${id} has no chunk ${idx}`);
      size += bytes.length;
      yield bytes;
    }
    if (size !== header.size) throw new Error(`blob ${id} holds ${size} bytes, its header says ${header.size}`);
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: BLOB_CHUNK_BYTES });
}

/**
 * Blobs in PostgreSQL (BLOB_STORE=database), so every server process on the database sees every photo. A writer
 * buffers the bytes in memory and `commit` stores them in one short transaction, chunks first and the header last:
 * a blob is visible complete or not at all, and a process that dies before commit leaves nothing anywhere.
 *
 * Why memory and not a temporary file: a photo is at most 5 MB (`maxBytes`, refused beyond with
 * BlobTooLargeError, so a writer never holds more), usually a few hundred KB after the device compressed it; a
 * crash leaves no file to sweep, and the server keeps no local state at all. The cost is the size of the uploads
 * in flight (20 concurrent maximal photos ≈ 100 MB). Holding a database transaction open while a phone on a weak
 * link sends its body instead would tie up a pooled connection for minutes per upload.
 */
export function createDatabaseBlobStore(repository: Omit<BlobRepository, 'close'>, options: DatabaseBlobStoreOptions = {}): BlobStore {
  const maxBytes = options.maxBytes ?? PHOTO_MAX_BYTES;
  const now = options.now ?? (() => new Date());

  async function get(id: string): Promise<StoredBlob | null> {
    assertBlobId(id);
    const header = await repository.header(id);
    return header === undefined ? null : { size: header.size, stream: () => chunkStream(repository, id, header) };
  }

  return {
    begin: (id) =>
      beginVerified(id, () => {
        let buffer = new ChunkBuffer();
        return {
          write: (chunk) => {
            if (buffer.size + chunk.length > maxBytes) return Promise.reject(new BlobTooLargeError(id, maxBytes));
            buffer.append(chunk);
            return Promise.resolve();
          },
          publish: async () => {
            await repository.put({ id, size: buffer.size, chunks: buffer.chunks(), storedAt: now().toISOString() });
            buffer = new ChunkBuffer();
          },
          discard: () => {
            buffer = new ChunkBuffer();
            return Promise.resolve();
          },
        };
      }),
    exists: async (id) => (await get(id)) !== null,
    get,
  };
}

/** The database store on its own connection pool to `location` (the store's database and schema); close it at shutdown. */
export async function openDatabaseBlobStore(
  location: ConnectOptions,
  options: DatabaseBlobStoreOptions = {},
): Promise<BlobStore & { close(): Promise<void> }> {
  const repository = await openBlobRepository(location);
  return { ...createDatabaseBlobStore(repository, options), close: () => repository.close() };
}
