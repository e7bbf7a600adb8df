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
  /** Several photos' bytes in one read (one transaction), in order; null where `loadPhoto` would answer null. */
  loadPhotos?(photoIds: readonly string[]): Promise<((PhotoUpload & { mayBeOnServer: boolean }) | null)[]>;
  /** An upload of these bytes is about to start: from now on the server may have them. */
  markSending(photoId: string, at: number): Promise<void>;
  /** `markSending` for the photos of one batch, in one transaction. */
  markSendingAll?(photoIds: readonly string[], at: number): Promise<void>;
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

/**
 * Photos sent in one request (`POST /photos`, issue 14): up to this many, and no more bytes than
 * PHOTO_BATCH_TARGET_BYTES (a batch goes out as soon as its photos are read). Eight photos of 200 KB (a swap and a
 * half) turn eight round trips, eight IndexedDB transactions and eight commits into one each.
 */
export const PHOTO_BATCH_PHOTOS = 8;
export const PHOTO_BATCH_TARGET_BYTES = 2 * 1024 * 1024;

export interface PhotoQueueSummary {
  uploaded: number;
  skipped: number;
  failed: number;
}

type LoadedPhoto = PhotoUpload & { mayBeOnServer: boolean };

/** `putPhotos` when the device may send batches; without it (or after a server's 404 for it), one PUT per photo. */
export type PhotoQueueApi = Pick<ApiClient, 'hasPhoto' | 'putPhoto'> & Partial<Pick<ApiClient, 'putPhotos'>>;

export interface PhotoQueueDeps {
  api: PhotoQueueApi;
  store: PhotoQueueStore;
  now: () => number;
  concurrency?: number;
  /** Photo ids on the wire right now (for "đang gửi"). */
  onInFlight?: (photoIds: readonly string[]) => void;
}

/**
 * Uploads every pending photo, `concurrency` requests at a time, several photos per request (`putPhotos`) where the
 * server takes batches. A photo that may already be on the server (an earlier upload whose answer was lost, a batch
 * cut mid-way) is asked about first with HEAD (200: it is, and costs no bytes); a photo never sent goes straight
 * out, saving a round trip per photo on a slow link (an upload is idempotent anyway: `stored` when it is there).
 * A permanent refusal marks that photo failed and the queue goes on; a transient failure (network, 5xx, 401) stops
 * the queue and comes back as the error to back off on. A server that predates batches answers 404: the rest goes
 * one PUT per photo; a batch refused as a whole for another reason is sent again one photo at a time, so each
 * photo gets its own verdict.
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
  const putPhotos = api.putPhotos;
  /** Read through a function: `halt.error` changes across awaits. */
  const halted = () => halt.error !== null;
  let batches = putPhotos !== undefined;

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
  const acknowledge = async (photoIds: readonly string[]): Promise<void> => {
    acknowledged.push(...photoIds);
    if (acknowledged.length >= PHOTO_ACK_BATCH) await markAcknowledged();
  };

  const load = async (photoIds: readonly string[]): Promise<LoadedPhoto[]> => {
    const loaded = store.loadPhotos ? await store.loadPhotos(photoIds) : await Promise.all(photoIds.map((id) => store.loadPhoto(id)));
    return loaded.filter((p): p is LoadedPhoto => p !== null);
  };

  /** Whether a photo that may be on the server already is there (acknowledged then); null after a transient failure. */
  async function alreadyThere(photo: LoadedPhoto): Promise<boolean | null> {
    if (!photo.mayBeOnServer) return false;
    const present = await api.hasPhoto(photo.photoId);
    if (!present.ok) {
      halt.error ??= present.error;
      return null;
    }
    if (present.value) {
      await acknowledge([photo.photoId]);
      summary.skipped += 1;
    }
    return present.value;
  }

  /** One photo, one PUT (asked about first when it may be there). */
  async function sendOne(photo: LoadedPhoto): Promise<void> {
    if ((await alreadyThere(photo)) !== false) return;
    await store.markSending(photo.photoId, now());
    const put = await api.putPhoto(photo);
    if (put.ok) {
      await acknowledge([photo.photoId]);
      summary.uploaded += 1;
    } else if (PERMANENT_PHOTO_ERRORS.has(put.error.code)) {
      await store.markFailed(photo.photoId, put.error.code, now());
      summary.failed += 1;
    } else {
      halt.error ??= put.error;
    }
  }

  /** Photos the server may not have, in one request; what it cannot take as a batch goes one by one. */
  async function sendBatch(photos: readonly LoadedPhoto[], send: NonNullable<typeof putPhotos>): Promise<void> {
    if (store.markSendingAll)
      await store.markSendingAll(
        photos.map((p) => p.photoId),
        now(),
      );
    else for (const photo of photos) await store.markSending(photo.photoId, now());
    const answer = await send(photos);
    if (!answer.ok) {
      if (answer.error.retryable) {
        halt.error ??= answer.error;
        return;
      }
      // 404: a server from before batches; anything else refuses the batch as a whole, not a photo: one by one.
      if (answer.error.status === 404) batches = false;
      for (const photo of photos) {
        if (halt.error !== null) return;
        await sendOne({ ...photo, mayBeOnServer: false });
      }
      return;
    }
    const stored: string[] = [];
    for (const item of answer.value) {
      if (item.outcome !== 'refused') stored.push(item.id);
      else if (PERMANENT_PHOTO_ERRORS.has(item.code)) {
        await store.markFailed(item.id, item.code, now());
        summary.failed += 1;
      } else {
        halt.error ??= { code: item.code, status: null, retryable: true, detail: item.detail };
      }
    }
    summary.uploaded += stored.length;
    await acknowledge(stored);
  }

  /** Up to PHOTO_BATCH_PHOTOS photos: read in one transaction, the ones that may be there asked about, the rest sent. */
  async function some(photoIds: readonly string[]): Promise<void> {
    const photos = await load(photoIds);
    if (!batches || putPhotos === undefined) {
      for (const photo of photos) {
        if (halt.error !== null) return;
        await sendOne(photo);
      }
      return;
    }
    let batch: LoadedPhoto[] = [];
    let bytes = 0;
    for (const photo of photos) {
      if (halt.error !== null) return;
      const there = await alreadyThere(photo);
      if (there === null) return;
      if (there) continue;
      if (batch.length > 0 && bytes + photo.bytes.byteLength > PHOTO_BATCH_TARGET_BYTES) {
        await sendBatch(batch, putPhotos);
        batch = [];
        bytes = 0;
        if (halted()) return;
      }
      batch.push(photo);
      bytes += photo.bytes.byteLength;
    }
    if (batch.length > 0) await sendBatch(batch, putPhotos);
  }

  async function worker(): Promise<void> {
    for (;;) {
      if (halt.error !== null) return;
      // A short queue is shared out among the workers rather than sent in one batch while the others idle.
      const next = queue.splice(0, batches ? Math.min(PHOTO_BATCH_PHOTOS, Math.ceil(queue.length / Math.max(1, concurrency))) : 1);
      if (next.length === 0) return;
      for (const id of next) inFlight.add(id);
      onInFlight?.([...inFlight]);
      try {
        await some(next);
      } finally {
        for (const id of next) inFlight.delete(id);
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
