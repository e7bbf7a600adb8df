import { photoIdsOf } from '../domain/protocol/outboxRules';
import type { PhotoRow, UserDatabase } from './database';

/** A photo row with upload bookkeeping (non-indexed members: no schema change). Small: the bytes are in `photoBytes`. */
export interface UploadedPhotoRow extends PhotoRow {
  /** When the server confirmed it has the bytes; retention counts from here. */
  uploadedAt?: number;
  /**
   * The server may have the bytes (an answer can be lost), so ask first: set by the requeue after a server restore,
   * and by versions before `photoSends` held it.
   */
  sendingAt?: number;
}

/** Why the server refused a photo for good (digest mismatch = the bytes on this device are damaged, too large, not an image). */
export interface PhotoFailure {
  code: string;
  at: number;
}

/**
 * Photos the server refused, by id. Kept in one meta row rather than on the photo rows so the queue finds them
 * without reading every photo row. A failed photo keeps status `pending`: it still counts as unsent work and
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

/**
 * The local half of the photo queue (src/sync's `PhotoQueueStore`), bound to one user's database. Per photo it reads
 * the bytes once (to send them), writes a small row when the upload starts (`photoSends`) and updates the small photo
 * row once, when the server has acknowledged it (several photos in one transaction). The bytes are in `photoBytes`,
 * written once at capture and never again: IndexedDB rewrites a value whole.
 */
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
      const [row, stored, sending] = await db.transaction('r', photos, db.photoBytes, db.photoSends, () =>
        Promise.all([photos.get(photoId), db.photoBytes.get(photoId), db.photoSends.get(photoId)]),
      );
      // Row and bytes are written and deleted together: one without the other is a photo no longer there.
      if (row === undefined || stored === undefined || row.status !== 'pending') return null;
      // `sendingAt` on the row itself: written by versions before photoSends, and by the requeue after a restore.
      return { photoId, mime: row.mime, bytes: stored.bytes, mayBeOnServer: sending !== undefined || row.sendingAt !== undefined };
    },
    /** `loadPhoto` of a batch's photos in one read transaction. */
    loadPhotos: async (photoIds: readonly string[]) => {
      const [rows, stored, sending] = await db.transaction('r', photos, db.photoBytes, db.photoSends, () =>
        Promise.all([photos.bulkGet([...photoIds]), db.photoBytes.bulkGet([...photoIds]), db.photoSends.bulkGet([...photoIds])]),
      );
      return photoIds.map((photoId, i) => {
        const row = rows[i];
        const bytes = stored[i];
        if (row === undefined || bytes === undefined || row.status !== 'pending') return null;
        return { photoId, mime: row.mime, bytes: bytes.bytes, mayBeOnServer: sending[i] !== undefined || row.sendingAt !== undefined };
      });
    },
    markSending: async (photoId: string, at: number) => {
      await db.photoSends.put({ photoId, at });
    },
    markSendingAll: async (photoIds: readonly string[], at: number) => {
      await db.photoSends.bulkPut(photoIds.map((photoId) => ({ photoId, at })));
    },
    markUploaded: async (photoIds: readonly string[], at: number) => {
      await db.transaction('rw', photos, db.photoSends, failuresTable(db), async () => {
        // Small rows only. A photo deleted meanwhile is skipped (nothing to mark); a requeued one is uploaded (the server has it).
        await photos.bulkUpdate(photoIds.map((photoId) => ({ key: photoId, changes: { status: 'uploaded', uploadedAt: at, sendingAt: undefined } })));
        await db.photoSends.bulkDelete([...photoIds]);
        await clearFailures(db, photoIds);
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

async function clearFailures(db: UserDatabase, photoIds: readonly string[]): Promise<void> {
  const failures = await readPhotoFailures(db);
  if (!photoIds.some((id) => Object.hasOwn(failures, id))) return;
  const cleared = new Set(photoIds);
  const rest = Object.fromEntries(Object.entries(failures).filter(([id]) => !cleared.has(id)));
  await failuresTable(db).put({ key: FAILURES_KEY, failures: rest });
}

/** "Thử lại" on a failed photo: forget the refusal so the queue tries the bytes again. */
export async function retryFailedPhoto(db: UserDatabase, photoId: string): Promise<void> {
  await db.transaction('rw', failuresTable(db), () => clearFailures(db, [photoId]));
}
