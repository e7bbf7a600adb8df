import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { photoUrl } from '../../../sync/endpoints';
import { ReviewPhoto } from './ReviewPhoto';
import './photos.css';

/** A photo and what it shows. */
export interface Shown {
  photoId: string;
  label: string;
}

/**
 * Photos side by side, each opening full size in an overlay (Escape, a click or the button closes it): the review's
 * record, and a void's photos on the stock reconciliation. `small` for a line of a list.
 */
export function PhotoGrid({ photos, awaiting, small = false }: { photos: readonly Shown[]; awaiting: boolean; small?: boolean }) {
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
  return (
    <>
      <div className={small ? 'review-photos__grid review-photos__grid--small' : 'review-photos__grid'}>
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
    </>
  );
}
