import { photoIdsOf } from '../domain/protocol/outboxRules';
import type { PhotoRow, UserDatabase } from './database';

/** A photo row with upload bookkeeping (non-indexed members: no schema change). */
export interface UploadedPhotoRow extends PhotoRow {
  /** When the server confirmed it has the bytes; retention counts from here. */
  uploadedAt?: number;
  /** When an upload of the bytes last started: the server may have them (an answer can be lost), so ask first. */
  sendingAt?: number;
}

/** Why the server refused a photo for good (digest mismatch = the bytes on this device are damaged, too large, not an image). */
export interface PhotoFailure {
  code: string;
  at: number;
}

/**
 * Photos the server refused, by id. Kept in one meta row rather than on the photo rows so the queue finds them
 * without reading every photo's bytes. A failed photo keeps status `pending`: it still counts as unsent work and
 * blocks deleting the database.
 */
interface PhotoFailuresRow {
  key: 'photoFailures';
  failures: Record<string, PhotoFailure>;
}

const FAILURES_KEY = 'photoFailures';

export function photosTable(db: UserDatabase) {
  return db.table<UploadedPhotoRow, string>('photos');
}

function failuresTable(db: UserDatabase) {
  return db.table<PhotoFailuresRow, string>('meta');
}

export async function readPhotoFailures(db: UserDatabase): Promise<Record<string, PhotoFailure>> {
  return (await failuresTable(db).get(FAILURES_KEY))?.failures ?? {};
}

/** Every photo id the outbox references (any status: a rejected record's photos are evidence too). */
export async function outboxPhotoIds(db: UserDatabase): Promise<Set<string>> {
  const ids = new Set<string>();
  await db.outbox.each((row) => {
    for (const id of photoIdsOf(row.name, row.args)) ids.add(id);
  });
  return ids;
}

/** The local half of the photo queue (src/sync's `PhotoQueueStore`), bound to one user's database. */
export function photoQueueStoreFor(db: UserDatabase) {
  const photos = photosTable(db);
  return {
    /** Photos of sent or waiting records only: a draft's photos wait until the record is complete (it may drop them). */
    pendingPhotoIds: async (): Promise<string[]> => {
      const [pending, referenced, failures] = await Promise.all([
        photos.where('status').equals('pending').primaryKeys(),
        outboxPhotoIds(db),
        readPhotoFailures(db),
      ]);
      return pending.filter((id) => referenced.has(id) && !Object.hasOwn(failures, id));
    },
    loadPhoto: async (photoId: string) => {
      const row = await photos.get(photoId);
      if (row === undefined || row.status !== 'pending') return null;
      return { photoId, mime: row.mime, bytes: row.bytes, mayBeOnServer: row.sendingAt !== undefined };
    },
    markSending: async (photoId: string, at: number) => {
      await photos.update(photoId, { sendingAt: at });
    },
    markUploaded: async (photoId: string, at: number) => {
      await db.transaction('rw', photos, failuresTable(db), async () => {
        await photos.update(photoId, { status: 'uploaded', uploadedAt: at });
        await clearFailure(db, photoId);
      });
    },
    markFailed: async (photoId: string, code: string, at: number) => {
      await db.transaction('rw', failuresTable(db), async () => {
        const failures = await readPhotoFailures(db);
        await failuresTable(db).put({ key: FAILURES_KEY, failures: { ...failures, [photoId]: { code, at } } });
      });
    },
  };
}

async function clearFailure(db: UserDatabase, photoId: string): Promise<void> {
  const failures = await readPhotoFailures(db);
  if (!Object.hasOwn(failures, photoId)) return;
  const { [photoId]: _gone, ...rest } = failures;
  await failuresTable(db).put({ key: FAILURES_KEY, failures: rest });
}

/** "Thử lại" on a failed photo: forget the refusal so the queue tries the bytes again. */
export async function retryFailedPhoto(db: UserDatabase, photoId: string): Promise<void> {
  await db.transaction('rw', failuresTable(db), () => clearFailure(db, photoId));
}
