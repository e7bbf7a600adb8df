import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWaitingCount } from '../local';
import { useConnectivity } from '../runtime/contexts';
import type { ConnectivityState } from '../sync';

const NETWORK = { online: 'shell.online', offline: 'shell.offline', checking: 'shell.checking' } as const satisfies Record<ConnectivityState, string>;

/**
 * The header's one status: the connection (useConnectivity, the one source of "online") and what waits to be sent
 * (useWaitingCount, the one outbox read every screen shares), in one chip that opens the end-of-day view. It is
 * the only count of unsent work in the header, so nothing beside it can say otherwise.
 */
export function StatusChip() {
  const { t } = useTranslation();
  const connectivity = useConnectivity();
  const waiting = useWaitingCount();
  const pending = waiting !== undefined && waiting > 0;
  return (
    <Link
      to="/outbox"
      className={`status-chip status-chip--${connectivity}`}
      data-testid="status-chip"
      data-connectivity={connectivity}
      data-waiting={waiting ?? ''}
    >
      <span className="status-chip__network">
        <span className="status-chip__dot" aria-hidden="true" />
        {t(NETWORK[connectivity])}
      </span>
      {/* Until the outbox is read, the part stays empty rather than guess (a "0" could be untrue). */}
      <span className={pending ? 'status-chip__waiting status-chip__waiting--pending' : 'status-chip__waiting'} data-testid="status-waiting">
        {waiting === undefined ? '' : pending ? t('outbox.badge', { count: waiting }) : t('outbox.badgeAllSent')}
      </span>
      {/* The name starts with the words on screen, so voice control finds it by them (WCAG 2.5.3). */}
      <span className="visually-hidden"> – {t('outbox.badgeLabel', { count: waiting ?? 0 })}</span>
    </Link>
  );
}
