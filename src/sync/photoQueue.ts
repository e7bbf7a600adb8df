import { PHOTO_UPLOAD_CONCURRENCY } from '../domain/outboxRules';
import { err, ok, type Result } from '../domain/result';
import type { ApiClient, PhotoUpload } from './api';
import type { ApiError } from './apiError';

/** What the photo queue needs from the local store (src/local/photoQueueStore.ts implements it). */
export interface PhotoQueueStore {
  /** Ids of photos a record references that are not uploaded yet and not marked failed, oldest first. */
  pendingPhotoIds(): Promise<string[]>;
  /** The bytes to send, or null when the photo is gone (nothing to do). */
  loadPhoto(photoId: string): Promise<PhotoUpload | null>;
  markUploaded(photoId: string, at: number): Promise<void>;
  /** The server refuses these bytes for good: kept on the device, shown with the reason, never deleted. */
  markFailed(photoId: string, code: string, at: number): Promise<void>;
}

/** Refusals that retrying the same bytes cannot fix. */
const PERMANENT_PHOTO_ERRORS = new Set(['PHOTO_DIGEST_MISMATCH', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED']);

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
 * Uploads every pending photo, `concurrency` at a time: HEAD first (200 means the server has it: a retry after a
 * lost answer costs no bytes), then PUT the stored bytes. A permanent refusal marks that photo failed and the queue
 * goes on; a transient failure (network, 5xx, 401) stops the queue and comes back as the error to back off on.
 */
export async function uploadPendingPhotos({ api, store, now, concurrency = PHOTO_UPLOAD_CONCURRENCY, onInFlight }: PhotoQueueDeps): Promise<Result<PhotoQueueSummary, ApiError>> {
  const queue = await store.pendingPhotoIds();
  const summary: PhotoQueueSummary = { uploaded: 0, skipped: 0, failed: 0 };
  const inFlight = new Set<string>();
  // Set by the first transient failure; every worker stops taking photos then.
  const halt: { error: ApiError | null } = { error: null };

  async function one(photoId: string): Promise<void> {
    const photo = await store.loadPhoto(photoId);
    if (photo === null) return;
    const present = await api.hasPhoto(photoId);
    if (!present.ok) {
      halt.error ??= present.error;
      return;
    }
    if (present.value) {
      await store.markUploaded(photoId, now());
      summary.skipped += 1;
      return;
    }
    const put = await api.putPhoto(photo);
    if (put.ok) {
      await store.markUploaded(photoId, now());
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

  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker()));
  return halt.error === null ? ok(summary) : err(halt.error);
}
