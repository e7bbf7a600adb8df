import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResolveReviewRequest } from '../../../domain/console/reviews';
import type { ApiError } from '../../../sync';
import { ErrorBanner } from '../kit/ErrorBanner';

interface Props {
  /** Sends the decision; resolves to an error, or null when it was taken. */
  onResolve: (request: ResolveReviewRequest) => Promise<ApiError | null>;
}

/** "Duyệt" at once; "Trả lại" opens a note the technician will read, which must say what to fix. */
export function ReviewActions({ onResolve }: Props) {
  const { t } = useTranslation();
  const noteId = useId();
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const send = async (request: ResolveReviewRequest) => {
    setBusy(true);
    setError(null);
    const failure = await onResolve(request);
    setBusy(false);
    setError(failure);
  };
  const submitReturn = () => {
    if (note.trim() === '') {
      setNoteMissing(true);
      return;
    }
    void send({ decision: 'return', note: note.trim() });
  };

  return (
    <div className="review-actions">
      {error !== null && <ErrorBanner error={error} />}
      {returning ? (
        <form
          className="review-return"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submitReturn();
          }}
        >
          <label className="field" htmlFor={noteId}>
            <span className="field__label">{t('console.reviews.actions.note')}</span>
            <textarea
              id={noteId}
              className="field__input"
              rows={3}
              maxLength={500}
              value={note}
              aria-invalid={noteMissing}
              aria-describedby={noteMissing ? `${noteId}-error` : undefined}
              onChange={(event) => {
                setNote(event.target.value);
                setNoteMissing(false);
              }}
            />
          </label>
          {noteMissing && (
            <p id={`${noteId}-error`} className="notice notice--error" role="alert">
              {t('console.reviews.actions.noteRequired')}
            </p>
          )}
          <div className="button-row">
            <button type="button" className="button button--secondary" onClick={() => setReturning(false)} disabled={busy}>
              {t('console.reviews.actions.cancel')}
            </button>
            <button type="submit" className="button button--danger" disabled={busy}>
              {t('console.reviews.actions.confirmReturn')}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button type="button" className="button button--secondary" onClick={() => setReturning(true)} disabled={busy}>
            {t('console.reviews.actions.return')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void send({ decision: 'approve', note: '' })} disabled={busy}>
            {t('console.reviews.actions.approve')}
          </button>
        </div>
      )}
    </div>
  );
}
