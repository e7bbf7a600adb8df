import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n';
import { NOT_REACHED_CODES } from '../sync';
import { useConnectivity, useSyncStatus } from '../runtime/contexts';

/**
 * Under the header only when it says something the status chip does not: why the last sync failed. A failure to
 * reach the server is what the chip already says ("Ngoại tuyến"), so it gets no line (and once the server answers
 * again, an older "no network" would contradict the chip). An outdated app has its own notice with the update
 * button (ClientOutdatedBanner).
 */
export function SyncProblemBanner() {
  const { t } = useTranslation();
  const connectivity = useConnectivity();
  const status = useSyncStatus();
  const notReached = status.errorCode !== null && NOT_REACHED_CODES.has(status.errorCode);
  // OFFLINE says "no network", as the chip does; TIMEOUT and BAD_RESPONSE add a hint while still offline.
  const code =
    status.phase === 'error' && status.errorCode !== 'OFFLINE' && !status.clientOutdated && !(notReached && connectivity === 'online')
      ? status.errorCode
      : null;
  return (
    <div className="banner-slot" role="status" aria-live="polite">
      {code !== null && (
        <p className="banner banner--error" data-testid="sync-problem">
          {t('shell.syncFailed', { message: errorMessage(t, { code, retryAfterMs: status.retryAfterMs }) })}
        </p>
      )}
    </div>
  );
}
