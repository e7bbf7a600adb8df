import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../domain/time/time';
import { needsSendingToday, recordSendState } from '../../../domain/protocol/outboxRules';
import type { OutboxItem } from '../../../local';
import { kindLabel, reasonText } from './outboxText';

export interface OutboxItemRowProps {
  item: OutboxItem;
  now: number;
  inFlight: boolean;
  onRetry: () => void;
  onExport: () => void;
}

/** One record: kind, work order, chưa gửi / đang gửi / đã gửi / gửi thất bại, photos progress, reason and actions. */
export function OutboxItemRow({ item, now, inFlight, onRetry, onExport }: OutboxItemRowProps) {
  const { t } = useTranslation();
  const photos = { total: item.photoIds.length, uploaded: item.photosUploaded, failed: item.photoFailures.length };
  const state = recordSendState({ status: item.status, inFlight, photos });
  const urgent = state !== 'sent' && needsSendingToday(item.createdAt, now);
  return (
    <li className={`outbox-item outbox-item--${state}`} data-testid="outbox-item" data-state={state} data-record={item.status}>
      <div className="outbox-item__head">
        <strong>{kindLabel(t, item.name)}</strong>
        <span className={`outbox-state outbox-state--${state}`}>{t(`outbox.state.${state}`)}</span>
      </div>
      {item.stockItem !== null && <p className="outbox-item__meta">{t(`myStock.voidKinds.${item.stockItem.kind}`, { code: item.stockItem.code })}</p>}
      {(item.stockItem === null || item.workOrderId !== null) && (
        <p className="outbox-item__meta">{item.workOrderLabel ?? t('outbox.unknownWorkOrder')}</p>
      )}
      <p className="outbox-item__meta">{t('outbox.createdAt', { time: formatDateTime(new Date(item.createdAt)) })}</p>
      {photos.total > 0 && <p className="outbox-item__meta">{t('outbox.photos', { uploaded: photos.uploaded, total: photos.total })}</p>}
      {urgent && (
        <p className="outbox-item__warning" role="alert">
          {t('outbox.monthEnd')}
        </p>
      )}
      {item.conflictCode !== null && item.status === 'acked' && (
        <p className="outbox-item__meta">{t('outbox.conflict', { code: item.conflictCode })}</p>
      )}
      {item.errorCode !== null && <p className="outbox-item__error">{reasonText(t, item.errorCode)}</p>}
      {item.photoFailures.map((f) => (
        <p key={f.photoId} className="outbox-item__error">
          {t('outbox.photoFailed', { message: reasonText(t, f.code) })}
        </p>
      ))}
      {state === 'failed' && item.status === 'rejected' && <p className="outbox-item__meta">{t('outbox.exportHint')}</p>}
      <div className="outbox-item__actions">
        {(state === 'pending' || photos.failed > 0) && (
          <button type="button" className="button" onClick={onRetry}>
            {t('outbox.retry')}
          </button>
        )}
        {item.status === 'rejected' && (
          <button type="button" className="button" onClick={onExport}>
            {t('outbox.export')}
          </button>
        )}
      </div>
    </li>
  );
}
