import { useTranslation } from 'react-i18next';
import { SyncIcon } from '../ui/icons';
import { useSyncEngine, useSyncStatus } from '../runtime/contexts';

/**
 * "Đồng bộ" as a 48 px icon button: always tries, even when the browser claims to be offline (it is sometimes
 * wrong). It carries no count of its own: what waits is the status chip's to say (one count in the header).
 */
export function SyncButton() {
  const { t } = useTranslation();
  const engine = useSyncEngine();
  const status = useSyncStatus();
  const syncing = status.phase === 'syncing';
  return (
    <button
      type="button"
      className="icon-button icon-button--sync"
      aria-busy={syncing}
      title={syncing ? t('shell.syncing') : t('shell.sync')}
      onClick={() => void engine.requestSync('manual')}
    >
      <SyncIcon className={syncing ? 'spin' : undefined} />
      {/* The name stays "Đồng bộ" while it turns (aria-busy says it is working): a name that changes under the finger confuses voice control. */}
      <span className="visually-hidden">{t('shell.sync')}</span>
    </button>
  );
}
