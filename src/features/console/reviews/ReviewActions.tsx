import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../sync';
import { ErrorBanner } from '../kit/ErrorBanner';

/** A decision as the actions make it; the detail adds the record's open items. */
export interface DecisionInput {
  decision: 'approve' | 'return';
  note: string;
}

interface Props {
  /** Sends the decision; resolves to an error, or null when it was taken. */
  onDecide: (request: DecisionInput) => Promise<ApiError | null>;
  /** The record's flags, and how many are not yet ticked "Đã xem". */
  flagCount: number;
  unacknowledged: number;
  /** Approving was tried before every flag was acknowledged: show the first one. */
  onMissingAcknowledgement: () => void;
}

/**
 * "Duyệt" settles the record and its flags at once, once each flag is ticked "Đã xem" (approving states that they were
 * seen); "Trả lại" opens a note the technician will read, which must say what to fix, and settles them as returned.
 */
export function ReviewActions({ onDecide, flagCount, unacknowledged, onMissingAcknowledgement }: Props) {
  const { t } = useTranslation();
  const noteId = useId();
  const ackId = useId();
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const [ackMissing, setAckMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const send = async (request: DecisionInput) => {
    setBusy(true);
    setError(null);
    const failure = await onDecide(request);
    setBusy(false);
    setError(failure);
  };
  const approve = () => {
    if (unacknowledged > 0) {
      setAckMissing(true);
      onMissingAcknowledgement();
      return;
    }
    setAckMissing(false);
    void send({ decision: 'approve', note: '' });
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
          {flagCount > 0 && <p className="kit-muted review-actions__hint">{t('console.reviews.actions.returnSettles', { count: flagCount })}</p>}
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
        <>
          <div className="button-row">
            <button type="button" className="button button--secondary" onClick={() => setReturning(true)} disabled={busy}>
              {t('console.reviews.actions.return')}
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={approve}
              disabled={busy}
              aria-describedby={flagCount > 0 ? ackId : undefined}
            >
              {t('console.reviews.actions.approve')}
            </button>
          </div>
          {ackMissing && unacknowledged > 0 ? (
            <p id={ackId} className="notice notice--error" role="alert">
              {t('console.reviews.actions.acknowledgeFirst', { count: unacknowledged })}
            </p>
          ) : (
            flagCount > 0 && (
              <p id={ackId} className="kit-muted review-actions__hint">
                {t('console.reviews.actions.approveSettles', { count: flagCount })}
              </p>
            )
          )}
        </>
      )}
    </div>
  );
}
