import type { PhotoMime } from '../../src/domain/capture/photos';
import type { Store } from '../store/store';

/** A photo whose blob is durable, waiting for its rows. */
export interface PhotoToCommit {
  id: string;
  bytes: number;
  mime: PhotoMime;
  uploadedBy: string;
  receivedAt: string;
}

export interface CommittedPhoto {
  /** This upload inserted the photos row (201); false when the bytes were already stored (200). */
  created: boolean;
  /** The type stored under the id (the first upload's, for bytes stored before). */
  mime: string;
}

interface Waiting {
  photo: PhotoToCommit;
  resolve: (committed: CommittedPhoto) => void;
  reject: (error: unknown) => void;
}

/** Photos written in one transaction at most. */
export const PHOTO_COMMIT_MAX_BATCH = 64;
/** The longest a photo's rows wait for another upload still making its blob durable (a file fsync takes ~2–10 ms). */
export const PHOTO_COMMIT_MAX_WAIT_MS = 10;

/**
 * Group commit of uploaded photos (issue 14). Each upload's blob is already durable when it arrives here; its rows
 * (the photo, its uploader, the media status of the completions waiting for it) are written by one transaction for
 * every upload that is ready: those that finished while the previous transaction ran, and those still making their
 * blob durable when it would start (announced; waited for at most PHOTO_COMMIT_MAX_WAIT_MS). A device sending
 * several photos at once on a fast link then pays one commit for them (one WAL fsync on SQLite, which better-sqlite3
 * does with the event loop stopped; one round trip per statement on PostgreSQL); on a slow link uploads end apart
 * and each commits at once.
 * An upload is answered only after the transaction holding its rows committed, so an acknowledged photo is as
 * durable as before. A batch that fails is retried one photo at a time, so one photo's failure is only its own.
 */
export function createPhotoCommitter(store: Store, maxBatch = PHOTO_COMMIT_MAX_BATCH) {
  const queue: Waiting[] = [];
  let draining = false;
  /** Uploads between their last byte and their rows: announced, not yet committed or cancelled. */
  let publishing = 0;
  let timer: NodeJS.Timeout | undefined;

  /** Writes the batch's rows in one transaction; answers each upload's outcome, in the batch's order. */
  async function write(batch: readonly Waiting[]): Promise<CommittedPhoto[]> {
    const ids = batch.map((w) => w.photo.id);
    return store.transaction(async (tx) => {
      // Inserting first makes this a write transaction from its first statement (SQLite's write lock).
      const inserted = await tx.photos.insertMissingMany(batch.map((w) => w.photo));
      await tx.photos.lockIds(ids);
      await tx.photos.addUploaders(batch.map((w) => ({ photoId: w.photo.id, userId: w.photo.uploadedBy, receivedAt: w.photo.receivedAt })));
      await tx.completions.markMediaCompleteFor(ids);
      const existing = await tx.photos.mimesOf(ids.filter((id) => !inserted.has(id)));
      // The same bytes twice in one batch: the first upload created the row, the second found it.
      return batch.map(({ photo }) => {
        const created = inserted.delete(photo.id);
        return { created, mime: created ? photo.mime : (existing.get(photo.id) ?? photo.mime) };
      });
    });
  }

  function settle(batch: readonly Waiting[], committed: readonly CommittedPhoto[]): void {
    batch.forEach((w, i) => {
      const result = committed[i];
      if (result === undefined) w.reject(new Error(`photo ${w.photo.id} missing from its commit`));
      else w.resolve(result);
    });
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          settle(batch, await write(batch));
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          for (const one of batch) {
            try {
              settle([one], await write([one]));
            } catch (alone) {
              one.reject(alone);
            }
          }
        }
      }
    } finally {
      draining = false;
    }
  }

  function start(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!draining && queue.length > 0) void drain();
  }

  /** Commits now when no announced upload is still publishing its blob; otherwise soon, with it. */
  function schedule(): void {
    if (draining || queue.length === 0) return;
    if (publishing === 0) start();
    else timer ??= setTimeout(start, PHOTO_COMMIT_MAX_WAIT_MS);
  }

  return {
    /**
     * Photos whose blobs are all durable already (one batch request's): their rows go into the queue together, so
     * one transaction writes them (and whatever else waits). One promise per photo, in order.
     */
    commitAll(photos: readonly PhotoToCommit[]): Promise<CommittedPhoto>[] {
      const committed = photos.map((photo) => new Promise<CommittedPhoto>((resolve, reject) => queue.push({ photo, resolve, reject })));
      schedule();
      return committed;
    },
    /**
     * An upload whose bytes have all arrived and whose blob is being made durable: a commit starting now waits
     * (at most PHOTO_COMMIT_MAX_WAIT_MS) to take its rows along. Call exactly one of the returned functions.
     */
    announce() {
      publishing++;
      let settled = false;
      const leave = () => {
        if (settled) throw new Error('a photo announced to the committer was settled twice');
        settled = true;
        publishing--;
      };
      return {
        /** Writes the photo's rows with whatever else is waiting; resolves once they are committed. */
        commit(photo: PhotoToCommit): Promise<CommittedPhoto> {
          leave();
          const committed = new Promise<CommittedPhoto>((resolve, reject) => queue.push({ photo, resolve, reject }));
          schedule();
          return committed;
        },
        /** The upload ends without rows (its blob was refused or failed). */
        cancel(): void {
          leave();
          schedule();
        },
      };
    },
  };
}
