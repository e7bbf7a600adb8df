import { photoIdsOf } from '../domain/protocol/outboxRules';
import type { PhotoRow, UserDatabase } from './database';

/** A photo row with upload bookkeeping (non-indexed members: no schema change). */
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

/** Photos loaded for upload and not yet settled, kept so marking one uploaded does not read its bytes again. */
const LOADED_KEPT = 16;

/**
 * The local half of the photo queue (src/sync's `PhotoQueueStore`), bound to one user's database. Per photo it reads
 * the bytes once (to send them), writes a small row when the upload starts (`photoSends`) and rewrites the photo row
 * once, when the server has acknowledged it (several photos in one transaction): the row holds the bytes, and
 * IndexedDB rewrites a value whole.
 */
export function photoQueueStoreFor(db: UserDatabase) {
  const photos = photosTable(db);
  const loaded = new Map<string, UploadedPhotoRow>();
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
      const [row, sending] = await db.transaction('r', photos, db.photoSends, () => Promise.all([photos.get(photoId), db.photoSends.get(photoId)]));
      if (row === undefined || row.status !== 'pending') return null;
      loaded.delete(photoId);
      loaded.set(photoId, row);
      // Bounded: a photo whose upload failed is loaded again on the next round, replacing its entry.
      if (loaded.size > LOADED_KEPT) loaded.delete(loaded.keys().next().value ?? photoId);
      // `sendingAt` on the row itself: written by versions before photoSends, and by the requeue after a restore.
      return { photoId, mime: row.mime, bytes: row.bytes, mayBeOnServer: sending !== undefined || row.sendingAt !== undefined };
    },
    markSending: async (photoId: string, at: number) => {
      await db.photoSends.put({ photoId, at });
    },
    markUploaded: async (photoIds: readonly string[], at: number) => {
      await db.transaction('rw', photos, db.photoSends, failuresTable(db), async () => {
        // A photo may have been deleted meanwhile (nothing to mark), or requeued (the server has it: uploaded).
        const present = new Set(
          await photos
            .where('photoId')
            .anyOf([...photoIds])
            .primaryKeys(),
        );
        for (const photoId of photoIds) {
          const kept = loaded.get(photoId);
          loaded.delete(photoId);
          if (!present.has(photoId)) continue;
          if (kept === undefined) {
            await photos.update(photoId, { status: 'uploaded', uploadedAt: at, sendingAt: undefined });
          } else {
            const { sendingAt: _sent, ...row } = kept;
            await photos.put({ ...row, status: 'uploaded', uploadedAt: at });
          }
        }
        await db.photoSends.bulkDelete([...photoIds]);
        await clearFailures(db, photoIds);
      });
    },
    markFailed: async (photoId: string, code: string, at: number) => {
      loaded.delete(photoId);
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
