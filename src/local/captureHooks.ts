import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { completionPhotoIds } from '../domain/capture/photos';
import type { SwapDraft } from '../domain/capture/swapDraft';
import { installedSerialsUsedToday } from './capture';
import type { RecordRow } from './database';
import { loadSwapDraft } from './drafts';
import { useLocalDatabase } from './DeviceProvider';
import { readPhoto } from './photoStore';

/** The work order's draft, live; null when there is none, undefined while loading. */
export function useSwapDraft(workOrderId: string): SwapDraft | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => loadSwapDraft(db, workOrderId), [db, workOrderId]);
}

/** Records made on this device for a work order (swap and failed visits), oldest first; undefined while loading. */
export function useWorkOrderRecords(workOrderId: string): RecordRow[] | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => db.records.where('workOrderId').equals(workOrderId).sortBy('createdAt'), [db, workOrderId]);
}

/** Installed serials already used today on other work orders of this device (for the "already used" warning). */
export function useInstalledSerialsUsedToday(today: string, exceptWorkOrderId: string): string[] {
  const db = useLocalDatabase();
  return useLiveQuery(() => installedSerialsUsedToday(db, today, exceptWorkOrderId), [db, today, exceptWorkOrderId]) ?? [];
}

/**
 * An object URL for a stored photo, revoked when the component unmounts or the id changes: a day of
 * thumbnails must not keep every decoded image alive. null while loading or when the bytes are gone.
 */
export function usePhotoUrl(photoId: string | undefined): string | null {
  const db = useLocalDatabase();
  const [url, setUrl] = useState<string | null>(null);
  // Live: a thumbnail may mount before the transaction that stores its bytes has committed.
  const stored = useLiveQuery(
    async () => (photoId === undefined ? false : (await db.photos.where('photoId').equals(photoId).count()) > 0),
    [db, photoId],
  );
  useEffect(() => {
    if (photoId === undefined || stored !== true) return;
    let cancelled = false;
    let created: string | null = null;
    void readPhoto(db, photoId).then((photo) => {
      if (cancelled || photo === undefined) return;
      created = URL.createObjectURL(new Blob([photo.bytes], { type: photo.mime }));
      setUrl(created);
    });
    return () => {
      cancelled = true;
      if (created !== null) URL.revokeObjectURL(created);
      setUrl(null);
    };
  }, [db, photoId, stored]);
  return url;
}

/**
 * Whether a photo's bytes are only on the server: not on this device, but referenced by a record made here
 * (reclaimed after upload) or by the server's copy of a completion (a record made on another device, opened
 * for correction). undefined while loading.
 */
export function usePhotoOnlyOnServer(photoId: string | undefined): boolean | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => {
    if (photoId === undefined) return false;
    return db.transaction('r', [db.photos, db.records, db.completions], async () => {
      if ((await db.photos.where('photoId').equals(photoId).count()) > 0) return false;
      const inRecord = await db.records.filter((r) => r.kind === 'swap' && completionPhotoIds(r.args).includes(photoId)).count();
      if (inRecord > 0) return true;
      return (await db.completions.filter((c) => completionPhotoIds(c).includes(photoId)).count()) > 0;
    });
  }, [db, photoId]);
}
