import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFor, type DraftIssue } from '../../../../domain/capture/draftIssues';
import { photosOfKind, type ListPhotoKind } from '../../../../domain/capture/swapDraft';
import { usePhotoUrl } from '../../../../local';
import { CameraIcon, GalleryIcon, TrashIcon } from './captureIcons';
import { FieldMessages } from './fields';
import { fieldId } from '../issueText';
import type { DraftEditor } from '../useDraftEditor';
import { usePhotoCapture } from './usePhotoCapture';
import { MissingPhoto } from './MissingPhoto';

/** One kind of photo: camera and gallery buttons, thumbnails with delete (delete, then take again, is the retake). */
export function PhotoSection(props: {
  kind: ListPhotoKind;
  field: string;
  editor: DraftEditor;
  customerCode: string;
  issues: readonly DraftIssue[];
}) {
  const { t } = useTranslation();
  const { kind, field, editor, customerCode, issues } = props;
  const capture = usePhotoCapture(editor, kind, customerCode);
  const ids = photosOfKind(editor.draft, kind);
  const headingId = useId();
  const label = t(`capture.photoKinds.${kind}`);

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Cleared so that picking the same file again (a retake) fires a change too.
    event.target.value = '';
    if (files.length > 0) void capture.take(files);
  };

  return (
    <section className="photos" aria-labelledby={headingId} id={fieldId(field)} data-field={field}>
      <h3 id={headingId} className="photos__title">
        {label}{' '}
        <span className="photos__count">({ids.length === 0 ? t('capture.photos.none') : t('capture.photos.count', { count: ids.length })})</span>
      </h3>
      {ids.length > 0 && (
        <ul className="photos__grid">
          {ids.map((id, index) => (
            <PhotoThumb
              key={id}
              photoId={id}
              alt={t('capture.photos.thumbnail', { number: index + 1, kind: label })}
              deleteLabel={t('capture.photos.delete', { number: index + 1 })}
              onDelete={() => void capture.remove(id)}
            />
          ))}
        </ul>
      )}
      <div className="photos__actions">
        <label className="button button--primary photos__pick">
          <CameraIcon /> {t('capture.photos.take')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            className="visually-hidden"
            data-testid={`camera-${kind}`}
            disabled={capture.busy}
            onChange={onPick}
          />
        </label>
        <label className="button button--secondary photos__pick">
          <GalleryIcon /> {t('capture.photos.gallery')}
          <input
            type="file"
            accept="image/*"
            multiple
            className="visually-hidden"
            data-testid={`gallery-${kind}`}
            disabled={capture.busy}
            onChange={onPick}
          />
        </label>
      </div>
      {capture.busy && (
        <p className="photos__status" role="status">
          {t('capture.photos.processing')}
        </p>
      )}
      {capture.message !== null && (
        <p className="notice notice--error" role="alert">
          {capture.message}
        </p>
      )}
      <FieldMessages id={`${fieldId(field)}-msg`} issues={issuesFor(issues, field)} />
    </section>
  );
}

/** One photo of a capture form, with its delete button (also the stock void's photos). */
export function PhotoThumb({ photoId, alt, deleteLabel, onDelete }: { photoId: string; alt: string; deleteLabel: string; onDelete: () => void }) {
  const url = usePhotoUrl(photoId);
  return (
    <li className="photos__item" data-photo-id={photoId}>
      {url === null ? <MissingPhoto photoId={photoId} alt={alt} /> : <img src={url} alt={alt} className="photos__img" />}
      <button type="button" className="button button--secondary photos__delete" onClick={onDelete}>
        <TrashIcon />
        <span className="visually-hidden">{deleteLabel}</span>
      </button>
    </li>
  );
}
