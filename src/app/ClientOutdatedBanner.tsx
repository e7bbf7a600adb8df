import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePwaUpdate, useSyncStatus } from '../runtime/contexts';

/**
 * "Có phiên bản mới — hãy cập nhật": the server no longer speaks this app's sync protocol (CLIENT_OUTDATED,
 * design §5). Sync has stopped retrying and the outbox waits intact; the button applies the waiting version, or
 * reloads when none is waiting yet. Showing it also asks the server for the new version straight away.
 */
export function ClientOutdatedBanner() {
  const { t } = useTranslation();
  const { clientOutdated } = useSyncStatus();
  const update = usePwaUpdate();
  useEffect(() => {
    if (clientOutdated) update.checkNow();
  }, [clientOutdated, update]);
  if (!clientOutdated) return null;
  return (
    <div className="update-prompt" role="alert" data-testid="client-outdated">
      <p className="update-prompt__text">{t('update.outdated')}</p>
      <div className="update-prompt__actions">
        <button type="button" className="button button--primary" onClick={() => void update.applyOrReload()}>
          {t('update.apply')}
        </button>
      </div>
    </div>
  );
}
