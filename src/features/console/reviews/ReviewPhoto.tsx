import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { photoUrl } from '../../../sync/endpoints';

interface Props {
  photoId: string;
  label: string;
  /** The completion still waits for some photos: a photo that does not load is one of them. */
  awaiting: boolean;
  onZoom: (photoId: string, label: string) => void;
}

/** One photo, large enough to read an index; a click opens it full size. */
export function ReviewPhoto({ photoId, label, awaiting, onZoom }: Props) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <figure className="review-photo review-photo--missing">
        <div className="review-photo__placeholder">{t(awaiting ? 'console.reviews.photos.waiting' : 'console.reviews.photos.failed')}</div>
        <figcaption>{label}</figcaption>
      </figure>
    );
  }
  return (
    <figure className="review-photo">
      <button
        type="button"
        className="review-photo__button"
        onClick={() => onZoom(photoId, label)}
        aria-label={t('console.reviews.photos.zoom', { label })}
      >
        <img src={photoUrl(photoId)} alt={label} loading="lazy" onError={() => setFailed(true)} />
      </button>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
