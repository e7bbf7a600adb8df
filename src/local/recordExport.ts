import { photoIdsOf } from '../domain/protocol/outboxRules';
import type { UserDatabase } from './database';
import { getClientId } from './meta';
import { outboxTable } from './outboxStore';
import { photosTable } from './photoQueueStore';

/** Version of the export file's shape, so a support tool can read files of older apps. */
export const RECORD_EXPORT_VERSION = 1;

function base64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  // In slices: String.fromCharCode with a whole photo as arguments overflows the call stack.
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A record the server refused, as one JSON file (the outbox row with the server's answer, and every photo it
 * references as base64), so a supervisor can enter it by hand: nothing captured is ever stranded on a device.
 */
export async function exportOutboxRecord(db: UserDatabase, seq: number): Promise<{ fileName: string; json: string } | null> {
  const outbox = outboxTable(db);
  const photos = photosTable(db);
  return db.transaction('r', [outbox, photos, db.photoBytes, db.meta], async () => {
    const row = await outbox.get(seq);
    if (row === undefined) return null;
    const ids = photoIdsOf(row.name, row.args);
    const [stored, storedBytes] = await Promise.all([photos.bulkGet(ids), db.photoBytes.bulkGet(ids)]);
    const file = {
      exportVersion: RECORD_EXPORT_VERSION,
      userId: db.userId,
      clientId: await getClientId(db),
      mutation: row,
      photos: ids.map((photoId, i) => {
        const photo = stored[i];
        const bytes = storedBytes[i]?.bytes;
        return photo && bytes ? { photoId, mime: photo.mime, base64: base64(bytes) } : { photoId, missing: true };
      }),
    };
    return { fileName: `ban-ghi-${seq}-${row.mutationId}.json`, json: JSON.stringify(file, null, 2) };
  });
}
