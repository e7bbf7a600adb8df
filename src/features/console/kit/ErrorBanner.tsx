import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../i18n';
import type { ApiError } from '../../../sync';

/** A failed call in words that say what to do, with a retry button when one can help. */
export function ErrorBanner({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error kit-banner" role="alert">
      <span>{errorMessage(t, error)}</span>
      {onRetry !== undefined && (
        <button type="button" className="button button--secondary kit-button--small" onClick={onRetry}>
          {t('outbox.retry')}
        </button>
      )}
    </div>
  );
}
