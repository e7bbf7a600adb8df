import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhotoOnlyOnServer } from '../../../../local';
import { photoUrl } from '../../../../sync/endpoints';

/**
 * What stands in for a photo whose bytes are not on this device. A photo only on the server (a record made on
 * another device, or reclaimed after upload) loads from `/api/v1/photos/<id>` when the network allows and is
 * otherwise shown as "Ảnh đã gửi": it is kept by id, never lost. Anything else is a plain placeholder (bytes
 * still being written).
 */
export function MissingPhoto({ photoId, alt, className = 'photos__placeholder' }: { photoId: string; alt: string; className?: string }) {
  const { t } = useTranslation();
  const onServer = usePhotoOnlyOnServer(photoId);
  const [failed, setFailed] = useState(false);
  if (onServer === true && !failed) return <img src={photoUrl(photoId)} alt={alt} className="photos__img" onError={() => setFailed(true)} />;
  if (onServer === true) {
    return (
      <span className={`${className} photos__sent`} role="img" aria-label={`${alt} – ${t('capture.amend.sentPhoto')}`}>
        {t('capture.amend.sentPhoto')}
      </span>
    );
  }
  return <span className={className} role="img" aria-label={alt} />;
}
