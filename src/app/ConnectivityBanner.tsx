import { useTranslation } from 'react-i18next';
import { formatTimeThenDate } from '../domain/time/timeDisplay';
import { errorMessage } from '../i18n';
import { useLastPulledAt } from '../local';
import { NOT_REACHED_CODES, type ConnectivityState } from '../sync';
import { useConnectivity, useSyncStatus } from '../runtime/contexts';

const HEADLINE = { online: 'shell.online', offline: 'shell.offline', checking: 'shell.checking' } as const satisfies Record<
  ConnectivityState,
  string
>;

/**
 * Online, offline or checking (one source: useConnectivity), when the data was last updated, and why the last
 * sync failed. A failure to reach the server is what the headline already says, so it gets no second line
 * (and once the server answers again, an older "no network" would contradict the headline).
 */
export function ConnectivityBanner() {
  const { t } = useTranslation();
  const connectivity = useConnectivity();
  const status = useSyncStatus();
  const lastPulledAt = useLastPulledAt();
  const updated = lastPulledAt == null ? t('shell.neverSynced') : t('shell.lastSynced', { time: formatTimeThenDate(new Date(lastPulledAt)) });
  const notReached = status.errorCode !== null && NOT_REACHED_CODES.has(status.errorCode);
  // OFFLINE says "no network", as the headline does; TIMEOUT and BAD_RESPONSE add a hint while still offline.
  // An outdated app has its own notice with the update button (ClientOutdatedBanner).
  const showError =
    status.phase === 'error' &&
    status.errorCode !== null &&
    status.errorCode !== 'OFFLINE' &&
    !status.clientOutdated &&
    !(notReached && connectivity === 'online');
  return (
    <div
      className={`banner banner--${connectivity}`}
      role="status"
      aria-live="polite"
      data-testid="connectivity-banner"
      data-connectivity={connectivity}
    >
      <p className="banner__line">
        <span className="banner__dot" aria-hidden="true" />
        <strong>{t(HEADLINE[connectivity])}</strong>
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
