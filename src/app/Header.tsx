import { useTranslation } from 'react-i18next';
import type { Me } from '../domain';
import { useConnectivity } from '../runtime/contexts';
import type { ConnectivityState } from '../sync';
import { AccountMenu } from './AccountMenu';
import { StatusChip } from './StatusChip';
import { SyncButton } from './SyncButton';

const ANNOUNCE = {
  online: 'shell.announce.online',
  offline: 'shell.announce.offline',
  checking: 'shell.announce.checking',
} as const satisfies Record<ConnectivityState, string>;

/**
 * The technician's header, for a phone held in one gloved hand: ONE row of three 48 px targets that never wraps,
 * down to 320 px. Who (opens the account sheet), one status chip (connection and what waits to be sent), sync. It
 * scrolls away with the page, so a capture step keeps the screen.
 */
export function Header({ me }: { me: Me }) {
  const { t } = useTranslation();
  const connectivity = useConnectivity();
  return (
    <header className="header header--app">
      <AccountMenu me={me} />
      <StatusChip />
      <SyncButton />
      {/* The chip changes without a word; a screen reader hears the change of connection in full. */}
      <span className="visually-hidden" role="status">
        {t(ANNOUNCE[connectivity])}
      </span>
    </header>
  );
}
