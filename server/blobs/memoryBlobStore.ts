import { Readable } from 'node:stream';
import { assertBlobId, type BlobStore } from './blobStore';

/** Blobs in a Map: for tests and tools that need no disk. Same contract as the folder store. */
export function createMemoryBlobStore(): BlobStore & { ids(): string[] } {
  const blobs = new Map<string, Buffer>();
  return {
    begin: (id) => {
      try {
        assertBlobId(id);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const parts: Buffer[] = [];
      let done = false;
      return Promise.resolve({
        write: (chunk) => {
          if (done) return Promise.reject(new Error('blob writer closed'));
          parts.push(Buffer.from(chunk));
          return Promise.resolve();
        },
        commit: () => {
          if (done) return Promise.reject(new Error('blob writer closed'));
          done = true;
          blobs.set(id, Buffer.concat(parts));
          return Promise.resolve();
        },
        abort: () => {
          done = true;
          return Promise.resolve();
        },
      });
    },
    exists: (id) => Promise.resolve(blobs.has(id)),
    get: (id) => {
      const bytes = blobs.get(id);
      return Promise.resolve(bytes === undefined ? null : { size: bytes.length, stream: () => Readable.from([bytes]) });
    },
    ids: () => [...blobs.keys()],
  };
}
