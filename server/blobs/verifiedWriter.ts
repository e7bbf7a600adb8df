import { createHash } from 'node:crypto';
import { assertBlobId, BlobDigestMismatchError, type BlobWriter } from './blobStore';

/** Where a store puts a blob's bytes: the part of a writer that differs between stores. */
export interface BlobSink {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the bytes durable and visible under the id. Called once, and only when they hash to the id. */
  publish(): Promise<void>;
  /** Throws the bytes away. Called at most once, and never after a successful publish. */
  discard(): Promise<void>;
}

type State = 'open' | 'committing' | 'committed' | 'aborted' | 'failed';

/** `BlobStore.begin` for a store whose sink opens at once: a malformed id rejects, before any sink exists. */
export function beginVerified(id: string, openSink: () => BlobSink): Promise<BlobWriter> {
  return new Promise((resolve) => {
    assertBlobId(id);
    resolve(verifiedWriter(id, openSink()));
  });
}

/**
 * The writer every store hands out: it keeps the state (no write after commit, abort harmless when done), hashes
 * the bytes as they pass, and publishes them only when they hash to the id; otherwise it discards them and throws
 * {@link BlobDigestMismatchError}. A failed write or publish leaves the writer failed: commit refuses, abort discards.
 */
export function verifiedWriter(id: string, sink: BlobSink): BlobWriter {
  const hash = createHash('sha256');
  let state: State = 'open';
  let discarded = false;

  const discard = async () => {
    if (discarded) return;
    discarded = true;
    await sink.discard();
  };

  return {
    write: async (chunk) => {
      if (state !== 'open') throw new Error(`blob writer is ${state}`);
      hash.update(chunk);
      try {
        await sink.write(chunk);
      } catch (error) {
        state = 'failed';
        throw error;
      }
    },
    commit: async () => {
      if (state !== 'open') throw new Error(`blob writer is ${state}`);
      state = 'committing';
      const digest = hash.digest('hex');
      if (digest !== id) {
        state = 'aborted';
        await discard();
        throw new BlobDigestMismatchError(id, digest);
      }
      try {
        await sink.publish();
      } catch (error) {
        state = 'failed';
        await discard().catch(() => undefined);
        throw error;
      }
      state = 'committed';
    },
    abort: async () => {
      // While committing, the commit decides what happens to the bytes.
      if (state === 'committed' || state === 'committing') return;
      state = 'aborted';
      await discard();
    },
  };
}
