import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../../../../platform/PlatformContext';
import { assessStorage, photoStampLines } from '../../../../domain/capture/captureRules';
import { MAX_PHOTOS_PER_KIND, photosOfKind, withPhotosOfKind, type ListPhotoKind } from '../../../../domain/capture/swapDraft';
import { swapFix } from '../../../../domain/capture/swapValidation';
import { captureVi } from '../../../../i18n/capture/vi';
import { PhotoDecodeError } from '../../../../platform/photoProcessor';
import { useCaptureDevices } from '../CaptureDevices';
import { formatBytes } from '../../../../domain/format/numberFormat';
import { useGeo } from './GeoWatch';
import type { DraftEditor } from '../useDraftEditor';

export interface PhotoCapture {
  busy: boolean;
  /** Why the last photo was refused or failed, in words; null when all went well. */
  message: string | null;
  take: (files: readonly File[]) => Promise<void>;
  remove: (photoId: string) => Promise<void>;
}

/**
 * Picked file → space check (before anything is written) → resize, stamp, JPEG, SHA-256 in the photo
 * worker → bytes and draft saved in one transaction. The stamp is always Vietnamese: it is evidence
 * for EVN, whatever language the screen shows.
 */
export function usePhotoCapture(editor: DraftEditor, kind: ListPhotoKind, customerCode: string): PhotoCapture {
  const { t, i18n } = useTranslation();
  const { clock } = usePlatform();
  const devices = useCaptureDevices();
  const geo = useGeo();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function take(files: readonly File[]) {
    setMessage(null);
    setBusy(true);
    try {
      let count = photosOfKind(editor.draft, kind).length;
      for (const file of files) {
        if (count >= MAX_PHOTOS_PER_KIND) {
          setMessage(t('capture.photos.limit', { max: MAX_PHOTOS_PER_KIND }));
          return;
        }
        const storage = assessStorage(await devices.estimateStorage());
        if (storage.status === 'low') {
          setMessage(t('capture.photos.storageLow', { free: formatBytes(storage.freeBytes, i18n.language) }));
          return;
        }
        const gps = geo.fix ?? swapFix(editor.draft) ?? null;
        const stampLines = photoStampLines({
          customerCode,
          kindLabel: captureVi.stampKinds[kind],
          at: new Date(clock.now()),
          gps,
          noGpsLabel: captureVi.photos.noGps,
        });
        const photo = await devices.photos.process(file, stampLines);
        await editor.commit((d) => withPhotosOfKind(d, kind, [...new Set([...photosOfKind(d, kind), photo.photoId])]), {
          add: [{ photoId: photo.photoId, mime: photo.mime, bytes: photo.bytes }],
        });
        count += 1;
      }
    } catch (cause) {
      setMessage(
        cause instanceof PhotoDecodeError ? t('capture.photos.decodeFailed') : t('capture.photos.failed', { message: t('errors.LOCAL_ERROR') }),
      );
    } finally {
      setBusy(false);
    }
  }

  async function remove(photoId: string) {
    setMessage(null);
    await editor.commit(
      (d) =>
        withPhotosOfKind(
          d,
          kind,
          photosOfKind(d, kind).filter((id) => id !== photoId),
        ),
      { remove: [photoId] },
    );
  }

  return { busy, message, take, remove };
}
