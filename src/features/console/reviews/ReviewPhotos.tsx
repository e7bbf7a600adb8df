import { useTranslation } from 'react-i18next';
import type { CompletionView } from '../../../domain/workOrder/workOrderDetail';
import { PhotoGrid, type Shown } from './PhotoGrid';

function photosOf(
  completion: CompletionView,
  t: (
    key:
      | 'console.reviews.photos.removed'
      | 'console.reviews.photos.installed'
      | 'console.reviews.photos.signature'
      | 'console.reviews.photos.technicianSignature',
  ) => string,
): Shown[] {
  const list: Shown[] = [];
  completion.removed.photoIds.forEach((photoId, i) => list.push({ photoId, label: `${t('console.reviews.photos.removed')} ${i + 1}` }));
  completion.installed.photoIds.forEach((photoId, i) => list.push({ photoId, label: `${t('console.reviews.photos.installed')} ${i + 1}` }));
  list.push({ photoId: completion.handover.signaturePhotoId, label: t('console.reviews.photos.signature') });
  const tech = completion.handover.technicianSignaturePhotoId;
  if (tech !== undefined) list.push({ photoId: tech, label: t('console.reviews.photos.technicianSignature') });
  return list;
}

/** Every photo of the completion, with a full-size view in an overlay (PhotoGrid). */
export function ReviewPhotos({ completion }: { completion: CompletionView }) {
  const { t } = useTranslation();
  const awaiting = completion.mediaStatus === 'partial';
  return (
    <section className="review-photos" aria-label={t('console.reviews.photos.title')}>
      {awaiting && <p className="notice notice--warning">{t('console.reviews.photos.awaiting')}</p>}
      <PhotoGrid photos={photosOf(completion, t)} awaiting={awaiting} />
    </section>
  );
}
