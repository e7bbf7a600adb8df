import { PHOTO_UPLOAD_CONCURRENCY } from '../domain/protocol/outboxRules';
import { err, ok, type Result } from '../domain/protocol/result';
import type { ApiClient, PhotoUpload } from './api';
import type { ApiError } from './apiError';

/** What the photo queue needs from the local store (src/local/photoQueueStore.ts implements it). */
export interface PhotoQueueStore {
  /** Ids of photos a record references that are not uploaded yet and not marked failed, oldest first. */
  pendingPhotoIds(): Promise<string[]>;
  /**
   * The bytes to send, or null when the photo is gone (nothing to do). `mayBeOnServer`: an upload of it started
   * before (its answer may have been lost) or the server lost it after a restore; otherwise it was never sent.
   */
  loadPhoto(photoId: string): Promise<(PhotoUpload & { mayBeOnServer: boolean }) | null>;
  /** An upload of these bytes is about to start: from now on the server may have them. */
  markSending(photoId: string, at: number): Promise<void>;
  /** The server has these photos (one transaction for them all). */
  markUploaded(photoIds: readonly string[], at: number): Promise<void>;
  /** The server refuses these bytes for good: kept on the device, shown with the reason, never deleted. */
  markFailed(photoId: string, code: string, at: number): Promise<void>;
}

/** Refusals that retrying the same bytes cannot fix. */
const PERMANENT_PHOTO_ERRORS = new Set([
  'PHOTO_DIGEST_MISMATCH',
  'PHOTO_UNREADABLE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'VALIDATION_FAILED',
]);

/**
 * Acknowledged photos are marked uploaded on the device this many at a time (and whatever is left when the round
 * ends): one IndexedDB transaction, one wake-up of the screens that count unsent work, instead of one per photo. A
 * photo acknowledged but not yet marked when the app dies is only asked about again (HEAD: its upload had started),
 * never sent again.
 */
export const PHOTO_ACK_BATCH = 8;

export interface PhotoQueueSummary {
  uploaded: number;
  skipped: number;
  failed: number;
}

export interface PhotoQueueDeps {
  api: Pick<ApiClient, 'hasPhoto' | 'putPhoto'>;
  store: PhotoQueueStore;
  now: () => number;
  concurrency?: number;
  /** Photo ids on the wire right now (for "đang gửi"). */
  onInFlight?: (photoIds: readonly string[]) => void;
}

/**
 * Uploads every pending photo, `concurrency` at a time. A photo that may already be on the server (an earlier upload
 * whose answer was lost) is asked about first with HEAD (200: it is, and costs no bytes); a photo never sent goes
 * straight to PUT, saving a round trip per photo on a slow link (PUT is idempotent anyway: 200 when stored). A permanent refusal marks that photo failed and the queue
 * goes on; a transient failure (network, 5xx, 401) stops the queue and comes back as the error to back off on.
 */
export async function uploadPendingPhotos({
  api,
  store,
  now,
  concurrency = PHOTO_UPLOAD_CONCURRENCY,
  onInFlight,
}: PhotoQueueDeps): Promise<Result<PhotoQueueSummary, ApiError>> {
  const queue = await store.pendingPhotoIds();
  const summary: PhotoQueueSummary = { uploaded: 0, skipped: 0, failed: 0 };
  const inFlight = new Set<string>();
  // Set by the first transient failure; every worker stops taking photos then.
  const halt: { error: ApiError | null } = { error: null };

  // Acknowledged photos not yet marked on the device, and the marking under way (one at a time, in order).
  let acknowledged: string[] = [];
  let marking: Promise<void> = Promise.resolve();
  const markAcknowledged = (): Promise<void> => {
    if (acknowledged.length === 0) return marking;
    const ids = acknowledged;
    acknowledged = [];
    marking = marking.then(() => store.markUploaded(ids, now()));
    return marking;
  };
  const acknowledge = async (photoId: string): Promise<void> => {
    acknowledged.push(photoId);
    if (acknowledged.length >= PHOTO_ACK_BATCH) await markAcknowledged();
  };

  async function one(photoId: string): Promise<void> {
    const photo = await store.loadPhoto(photoId);
    if (photo === null) return;
    if (photo.mayBeOnServer) {
      const present = await api.hasPhoto(photoId);
      if (!present.ok) {
        halt.error ??= present.error;
        return;
      }
      if (present.value) {
        await acknowledge(photoId);
        summary.skipped += 1;
        return;
      }
    }
    await store.markSending(photoId, now());
    const put = await api.putPhoto(photo);
    if (put.ok) {
      await acknowledge(photoId);
      summary.uploaded += 1;
    } else if (PERMANENT_PHOTO_ERRORS.has(put.error.code)) {
      await store.markFailed(photoId, put.error.code, now());
      summary.failed += 1;
    } else {
      halt.error ??= put.error;
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      if (halt.error !== null) return;
      const next = queue.shift();
      if (next === undefined) return;
      inFlight.add(next);
      onInFlight?.([...inFlight]);
      try {
        await one(next);
      } finally {
        inFlight.delete(next);
        onInFlight?.([...inFlight]);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker()));
  } finally {
    await markAcknowledged();
  }
  return halt.error === null ? ok(summary) : err(halt.error);
}
