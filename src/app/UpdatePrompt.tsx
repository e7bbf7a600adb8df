import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePwaUpdate, useUpdateState } from '../runtime/contexts';
import { hasUnsavedChanges } from '../runtime/unsavedChanges';

/**
 * "Có phiên bản mới — Cập nhật". The new version activates (and the page reloads) only when the
 * user taps; if a form holds unsaved input the prompt says to save first and asks to confirm.
 */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const update = usePwaUpdate();
  const { needRefresh } = useUpdateState();
  const [confirming, setConfirming] = useState(false);
  if (!needRefresh) return null;

  const unsaved = hasUnsavedChanges();
  const apply = () => {
    if (unsaved && !confirming) {
      setConfirming(true);
      return;
    }
    void update.apply();
  };

  return (
    <div className="update-prompt" role="status" data-testid="update-prompt">
      <p className="update-prompt__text">{confirming ? t('update.confirmUnsaved') : unsaved ? t('update.unsaved') : t('update.available')}</p>
      <div className="update-prompt__actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setConfirming(false);
            update.dismiss();
          }}
        >
          {t('update.later')}
        </button>
        <button type="button" className="button button--primary" onClick={apply}>
          {confirming ? t('update.confirm') : t('update.apply')}
        </button>
      </div>
    </div>
  );
}
