import { useTranslation } from 'react-i18next';
import { useWaitingCount } from '../local';
import { SyncIcon } from '../ui/icons';
import { useSyncEngine, useSyncStatus } from '../runtime/contexts';

/** "Đồng bộ": always tries, even when the browser claims to be offline (it is sometimes wrong). */
export function SyncButton() {
  const { t } = useTranslation();
  const engine = useSyncEngine();
  const status = useSyncStatus();
  // The same count as the outbox badge beside it, from the same query.
  const pending = useWaitingCount() ?? 0;
  const syncing = status.phase === 'syncing';
  return (
    <button type="button" className="button button--sync" aria-busy={syncing} onClick={() => void engine.requestSync('manual')}>
      <SyncIcon className={syncing ? 'spin' : undefined} />
      {/* Both words take their place, one hidden: the button keeps its width when a sync starts, so the header
          and the list under it do not jump (a layout shift Lighthouse measured on every sync). */}
      <span className="sync-label">
        <span className={syncing ? 'sync-label__hidden' : undefined} aria-hidden={syncing}>
          {t('shell.sync')}
        </span>
        <span className={syncing ? undefined : 'sync-label__hidden'} aria-hidden={!syncing}>
          {t('shell.syncing')}
        </span>
      </span>
      {pending > 0 && (
        <span className="badge">
          <span aria-hidden="true">{pending}</span>
          <span className="visually-hidden">{t('shell.pending', { count: pending })}</span>
        </span>
      )}
    </button>
  );
}
