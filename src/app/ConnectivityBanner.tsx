import { useTranslation } from 'react-i18next';
import { formatTimeThenDate } from '../domain/timeDisplay';
import { errorMessage } from '../i18n';
import { useLastPulledAt } from '../local';
import { useSyncStatus } from './AppContexts';
import { useOnline } from './PlatformContext';

/** Online or offline, when the data was last updated, and why the last sync failed. */
export function ConnectivityBanner() {
  const { t } = useTranslation();
  const online = useOnline();
  const status = useSyncStatus();
  const lastPulledAt = useLastPulledAt();
  const updated =
    lastPulledAt == null
      ? t('shell.neverSynced')
      : t('shell.lastSynced', { time: formatTimeThenDate(new Date(lastPulledAt)) });
  // Offline, "no network" is what the banner already says; any other failure is worth a line.
  const showError = status.phase === 'error' && status.errorCode !== null && !(status.errorCode === 'OFFLINE' && !online);
  return (
    <div
      className={`banner ${online ? 'banner--online' : 'banner--offline'}`}
      role="status"
      aria-live="polite"
      data-testid="connectivity-banner"
    >
      <p className="banner__line">
        <span className="banner__dot" aria-hidden="true" />
        <strong>{online ? t('shell.online') : t('shell.offline')}</strong>
      </p>
      <p className="banner__line banner__updated">{updated}</p>
      {showError && status.errorCode !== null && (
        <p className="banner__line banner__error">
          {t('shell.syncFailed', {
            message: errorMessage(t, { code: status.errorCode, retryAfterMs: status.retryAfterMs }),
          })}
        </p>
      )}
    </div>
  );
}
