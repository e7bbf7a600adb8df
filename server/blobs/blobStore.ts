import type { Readable } from 'node:stream';

/** Photos are stored under their SHA-256: 64 lowercase hex characters, the only name a blob ever has. */
export const BLOB_ID_PATTERN = /^[0-9a-f]{64}$/;

export function assertBlobId(id: string): void {
  if (!BLOB_ID_PATTERN.test(id)) throw new Error('blob ids are 64 lowercase hex characters');
}

/** `commit` refused: the bytes written do not hash to the id. Nothing was stored; the writer is closed. */
export class BlobDigestMismatchError extends Error {
  override readonly name = 'BlobDigestMismatchError';

  constructor(
    readonly id: string,
    readonly digest: string,
  ) {
    super(`the bytes hash to ${digest}, not to the blob id ${id}`);
  }
}

/** `write` refused: the blob would pass the store's size limit (a store that buffers before commit has one). */
export class BlobTooLargeError extends Error {
  override readonly name = 'BlobTooLargeError';

  constructor(
    readonly id: string,
    readonly maxBytes: number,
  ) {
    super(`blob ${id} would exceed ${maxBytes} bytes`);
  }
}

/**
 * One blob being written: nothing is visible under its id until `commit` has made it durable.
 * Calls are sequential: await each `write` before the next call. A writer may hold on to a chunk it was given
 * until commit or abort (the folder store gathers a few before one write): never change a chunk's bytes after.
 */
export interface BlobWriter {
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Checks that the bytes written hash (SHA-256, lowercase hex) to the id, then makes them durable and visible
   * under it, atomically: a reader sees the whole blob or none. Throws {@link BlobDigestMismatchError}, storing
   * nothing, when they do not. A blob already stored under the id stays as it is (same content by construction).
   */
  commit(): Promise<void>;
  /** Throws the bytes away; harmless after commit or a previous abort. */
  abort(): Promise<void>;
}

export interface StoredBlob {
  size: number;
  /** The bytes, read as they are consumed (never the whole blob in memory). */
  stream(): Readable;
}

/**
 * Photo storage (design §2 `blobs/`), content-addressed: a blob's id is the SHA-256 of its bytes, so a blob never
 * changes and two puts of one id are the same put. Implementations: the folder store (default, DATA_DIR/photos),
 * the database store (PostgreSQL, shared by every server process on the database; BLOB_STORE=database), and the
 * memory store (tests, tools). tests/server/blobs.test.ts is the contract every one of them passes: atomic write,
 * idempotent put (also concurrent), digest check, streaming read, missing blob.
 *
 * How an S3-compatible store maps onto this (the next one, once such a server runs in tests; no SDK needed here):
 * - key `photos/ab/cd/<id>` (the folder store's layout);
 * - `begin` → CreateMultipartUpload, or nothing yet: parts are at least 5 MiB except the last, so a photo
 *   (≤ 5 MB) is buffered and sent by `commit` as one PutObject;
 * - `write` → UploadPart each time 5 MiB have gathered, hashing as it goes (the digest check needs no read-back);
 * - `commit` → compare the digest, then CompleteMultipartUpload / PutObject with `x-amz-checksum-sha256` (the
 *   server refuses bytes that do not match) and `If-None-Match: *` (a second put of the id is a 412 to ignore:
 *   idempotent). The object appears only when complete: atomic;
 * - `abort` → AbortMultipartUpload (a lifecycle rule cleans up the uploads a crash leaves);
 * - `get` → GetObject: `size` from Content-Length, `stream()` its body (or HeadObject, then a ranged GetObject
 *   when the stream is opened); NoSuchKey → null;
 * - `exists` → HeadObject (404 → false).
 */
export interface BlobStore {
  begin(id: string): Promise<BlobWriter>;
  exists(id: string): Promise<boolean>;
  /** The blob, or null when it is absent. */
  get(id: string): Promise<StoredBlob | null>;
}
