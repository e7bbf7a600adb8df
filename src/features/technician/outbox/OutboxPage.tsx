import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSyncEngine, useSyncStatus } from '../../../runtime/contexts';
import { usePlatform } from '../../../platform/PlatformContext';
import { useDevice, useOutboxOverview } from '../../../local';
import { LastSynced } from '../workOrders/LastSynced';
import { SyncIcon } from '../../../ui/icons';
import { OutboxItemRow } from './OutboxItemRow';
import './outbox.css';

/** Hands a text file to the browser's downloads (the record stays on the device either way). */
function download(fileName: string, json: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * End-of-day view: every record on the device with its state and photo progress. "Đã gửi hết — có thể bàn giao
 * máy" appears only when every record AND every photo is acknowledged by the server.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const device = useDevice();
  const engine = useSyncEngine();
  const status = useSyncStatus();
  const { clock } = usePlatform();
  const overview = useOutboxOverview();
  if (overview === undefined) return <p role="status">{t('detail.loading')}</p>;
  const syncing = status.phase === 'syncing';
  const uploading = new Set(status.uploadingPhotoIds);
  const retry = async (photoIds: readonly string[]) => {
    for (const id of photoIds) await device.outbox.retryPhoto(id);
    await engine.requestSync('manual');
  };
  const exportRecord = async (seq: number) => {
    const file = await device.outbox.exportRecord(seq);
    if (file) download(file.fileName, file.json);
  };
  return (
    <section className="outbox" aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t('outbox.title')}</h1>
      <p className={overview.allSent ? 'outbox__summary outbox__summary--done' : 'outbox__summary'} role="status" data-testid="outbox-summary">
        {overview.allSent ? t('outbox.allSent') : t('outbox.notAllSent', { count: overview.waiting })}
      </p>
      <LastSynced />
      <Link className="outbox__stock-link" to="/stock">
        {t('myStock.link')}
      </Link>
      <button type="button" className="button button--sync" aria-busy={syncing} onClick={() => void engine.requestSync('manual')}>
        <SyncIcon className={syncing ? 'spin' : undefined} /> {t('outbox.syncNow')}
      </button>
      {overview.items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <ol className="outbox__list">
          {overview.items.map((item) => (
            <OutboxItemRow
              key={item.seq}
              item={item}
              now={clock.now()}
              inFlight={status.pushingSeqs.includes(item.seq) || item.photoIds.some((id) => uploading.has(id))}
              onRetry={() => void retry(item.photoFailures.map((f) => f.photoId))}
              onExport={() => void exportRecord(item.seq)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
