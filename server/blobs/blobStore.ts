import type { Readable } from 'node:stream';

/** Photos are stored under their SHA-256: 64 lowercase hex characters, the only name a blob ever has. */
export const BLOB_ID_PATTERN = /^[0-9a-f]{64}$/;

export function assertBlobId(id: string): void {
  if (!BLOB_ID_PATTERN.test(id)) throw new Error('blob ids are 64 lowercase hex characters');
}

/** One blob being written: nothing is visible under its id until `commit` has made it durable. */
export interface BlobWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the bytes durable and visible under the id, replacing any previous blob of that id (same content by construction). */
  commit(): Promise<void>;
  /** Throws the bytes away; harmless after commit or a previous abort. */
  abort(): Promise<void>;
}

export interface StoredBlob {
  size: number;
  stream(): Readable;
}

/**
 * Photo storage (design §2 `blobs/`). The folder implementation is the default; tests may use the in-memory one.
 * Content-addressed: the caller has checked that the bytes hash to the id before committing.
 */
export interface BlobStore {
  begin(id: string): Promise<BlobWriter>;
  exists(id: string): Promise<boolean>;
  /** The blob, or null when it is absent. */
  get(id: string): Promise<StoredBlob | null>;
}
