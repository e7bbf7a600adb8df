import { photoIdsOf, RETENTION_MS } from '../domain/protocol/outboxRules';
import type { UserDatabase } from './database';
import { outboxTable } from './outboxStore';
import { photosTable } from './photoQueueStore';
import { deletePhotos } from './photoStore';

const PHOTO_ID_PATTERN = /[0-9a-f]{64}/g;

export interface RetentionSummary {
  outboxRows: number;
  photos: number;
}

/**
 * Reclaims space (design §5), in one transaction:
 * - an acked outbox row goes RETENTION_MS after its ack, unless one of its photos is still not uploaded (the photo
 *   queue finds photos through the outbox);
 * - an uploaded photo (row and bytes) goes RETENTION_MS after its upload, unless a remaining outbox row (pending, rejected or still
 *   retained) or a draft references it.
 * Pending and rejected rows, and photos not uploaded, are never deleted here.
 */
export async function reclaimRetained(db: UserDatabase, now: number): Promise<RetentionSummary> {
  const cutoff = now - RETENTION_MS;
  const outbox = outboxTable(db);
  const photos = photosTable(db);
  return db.transaction('rw', [outbox, photos, db.photoBytes, db.drafts], async () => {
    const pendingPhotos = new Set(await photos.where('status').equals('pending').primaryKeys());
    const keptPhotoRefs = new Set<string>();
    const expiredRows: number[] = [];
    await outbox.each((row) => {
      const ids = photoIdsOf(row.name, row.args);
      const expired = row.status === 'acked' && row.ackedAt !== undefined && row.ackedAt < cutoff && !ids.some((id) => pendingPhotos.has(id));
      if (expired) expiredRows.push(row.seq);
      else for (const id of ids) keptPhotoRefs.add(id);
    });
    // Drafts are read as plain JSON: any photo id anywhere in a draft keeps that photo.
    for (const draft of await db.drafts.toArray()) {
      for (const id of JSON.stringify(draft.data ?? null).match(PHOTO_ID_PATTERN) ?? []) keptPhotoRefs.add(id);
    }
    const expiredPhotos: string[] = [];
    await photos
      .where('status')
      .equals('uploaded')
      .each((photo) => {
        if (photo.uploadedAt !== undefined && photo.uploadedAt < cutoff && !keptPhotoRefs.has(photo.photoId)) expiredPhotos.push(photo.photoId);
      });
    await outbox.bulkDelete(expiredRows);
    // The bytes go with the row.
    await deletePhotos(db, expiredPhotos);
    return { outboxRows: expiredRows.length, photos: expiredPhotos.length };
  });
}
