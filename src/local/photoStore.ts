import type { PhotoRow, UserDatabase } from './database';

/**
 * A stored photo is two rows under one id: the small `photos` row (owner, type, upload state) and its bytes in
 * `photoBytes`. They are written and deleted together, in the caller's transaction, which must be a rw transaction
 * over both tables; afterwards only the small row changes (issue 14).
 */

/** Photo bytes as the capture flow hands them over (already compressed and stamped, id = SHA-256). */
export interface NewPhoto {
  photoId: string;
  mime: string;
  bytes: ArrayBuffer;
}

/** Stores a new photo of `ownerId` as pending; a photo already stored (same id = same bytes) is left as it is. */
export async function addPhoto(db: UserDatabase, photo: NewPhoto, ownerId: string, now: number): Promise<void> {
  if ((await db.photos.get(photo.photoId)) !== undefined) return;
  const row: PhotoRow = { photoId: photo.photoId, ownerId, mime: photo.mime, status: 'pending', createdAt: now };
  await db.photoBytes.put({ photoId: photo.photoId, bytes: photo.bytes });
  await db.photos.add(row);
}

/** Deletes photos, row and bytes. */
export async function deletePhotos(db: UserDatabase, photoIds: readonly string[]): Promise<void> {
  if (photoIds.length === 0) return;
  await db.photos.bulkDelete([...photoIds]);
  await db.photoBytes.bulkDelete([...photoIds]);
}

/** A stored photo's type and bytes (one read transaction), or undefined when either is missing. */
export async function readPhoto(db: UserDatabase, photoId: string): Promise<{ mime: string; bytes: ArrayBuffer } | undefined> {
  return db.transaction('r', db.photos, db.photoBytes, async () => {
    const [row, stored] = await Promise.all([db.photos.get(photoId), db.photoBytes.get(photoId)]);
    return row === undefined || stored === undefined ? undefined : { mime: row.mime, bytes: stored.bytes };
  });
}
