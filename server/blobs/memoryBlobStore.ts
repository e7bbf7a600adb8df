import { Readable } from 'node:stream';
import type { BlobStore } from './blobStore';
import { beginVerified } from './verifiedWriter';

/** Streamed in pieces of this size, as a file or the database would be. */
const READ_PIECE_BYTES = 64 * 1024;

function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += READ_PIECE_BYTES) yield bytes.subarray(offset, offset + READ_PIECE_BYTES);
}

/** Blobs in a Map: for tests and tools that need no disk. Same contract as the folder store. */
export function createMemoryBlobStore(): BlobStore & { ids(): string[] } {
  const blobs = new Map<string, Buffer>();
  return {
    begin: (id) =>
      beginVerified(id, () => {
        let parts: Buffer[] = [];
        return {
          write: (chunk) => {
            parts.push(Buffer.from(chunk));
            return Promise.resolve();
          },
          publish: () => {
            blobs.set(id, Buffer.concat(parts));
            parts = [];
            return Promise.resolve();
          },
          discard: () => {
            parts = [];
            return Promise.resolve();
          },
        };
      }),
    exists: (id) => Promise.resolve(blobs.has(id)),
    get: (id) => {
      const bytes = blobs.get(id);
      return Promise.resolve(bytes === undefined ? null : { size: bytes.length, stream: () => Readable.from(pieces(bytes), { objectMode: false }) });
    },
    ids: () => [...blobs.keys()],
  };
}
