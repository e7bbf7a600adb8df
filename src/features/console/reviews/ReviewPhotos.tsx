import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompletionView } from '../../../domain/workOrder/workOrderDetail';
import { photoUrl } from '../../../sync/endpoints';
import { ReviewPhoto } from './ReviewPhoto';

interface Shown {
  photoId: string;
  label: string;
}

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

/** Every photo of the completion, with a full-size view in a overlay (Escape, a click or the button closes it). */
export function ReviewPhotos({ completion }: { completion: CompletionView }) {
  const { t } = useTranslation();
  const [zoomed, setZoomed] = useState<Shown | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (zoomed === null) return;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setZoomed(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [zoomed]);
  const awaiting = completion.mediaStatus === 'partial';
  const photos = photosOf(completion, t);
  return (
    <section className="review-photos" aria-label={t('console.reviews.photos.title')}>
      {awaiting && <p className="notice notice--warning">{t('console.reviews.photos.awaiting')}</p>}
      <div className="review-photos__grid">
        {photos.map((p) => (
          <ReviewPhoto
            key={`${p.label}-${p.photoId}`}
            photoId={p.photoId}
            label={p.label}
            awaiting={awaiting}
            onZoom={(photoId, label) => setZoomed({ photoId, label })}
          />
        ))}
      </div>
      {zoomed !== null && (
        <div className="review-zoom" role="dialog" aria-modal="true" aria-label={zoomed.label} onClick={() => setZoomed(null)}>
          <img src={photoUrl(zoomed.photoId)} alt={zoomed.label} />
          <button ref={closeButton} type="button" className="button button--secondary" onClick={() => setZoomed(null)}>
            {t('console.reviews.photos.close')}
          </button>
        </div>
      )}
    </section>
  );
}
