import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatIsoDay } from '../../../domain/time/time';
import { MANUAL_NOTICE_VIAS, noticeStanding, type ManualNoticeVia } from '../../../domain/workOrder/notice';
import { OPEN_STATUSES, type WorkOrder } from '../../../domain/workOrder/workOrder';
import { useDevice, useWorkOrderNotice } from '../../../local';

/**
 * Whether the household was told of the visit (issue 15 §3): by the notice the server sent, or by the technician,
 * who can record "Đã báo trực tiếp / qua loa" here offline. The buttons stay while the order is open and the
 * household has not been told for its planned day.
 */
export function NoticeSection({ wo }: { wo: WorkOrder }) {
  const { t } = useTranslation();
  const device = useDevice();
  const notice = useWorkOrderNotice(wo);
  const [saving, setSaving] = useState<ManualNoticeVia | null>(null);
  if (notice === undefined) return null;
  const standing = noticeStanding(notice, wo.plannedDate);
  const open = (OPEN_STATUSES as readonly string[]).includes(wo.status);

  let line: string;
  switch (standing.kind) {
    case 'none':
      line = t('detail.notice.none');
      break;
    case 'stale':
      line = t('detail.notice.stale', {
        day: standing.notice.forDate === null ? '' : formatIsoDay(standing.notice.forDate),
        planned: wo.plannedDate === null ? '' : formatIsoDay(wo.plannedDate),
      });
      break;
    default: {
      const { via, at } = standing.notice;
      const time = formatDateTime(new Date(at));
      const channel = t(`detail.notice.via.${via}`);
      if (standing.kind === 'failed') line = t('detail.notice.failed', { channel });
      else if (standing.kind === 'sent') line = t('detail.notice.sent', { channel, time });
      else line = via === 'zalo' || via === 'sms' ? t('detail.notice.received', { channel, time }) : t(`detail.notice.told.${via}`, { time });
    }
  }

  const record = async (via: ManualNoticeVia) => {
    setSaving(via);
    try {
      await device.recordNotified({ workOrder: wo, via });
    } finally {
      setSaving(null);
    }
  };
  const needsTelling = open && standing.kind !== 'told' && standing.kind !== 'sent';
  const tone = standing.kind === 'told' || standing.kind === 'sent' ? 'success' : standing.kind === 'none' ? 'info' : 'warning';

  return (
    <div className="wo-notice" role="group" aria-labelledby="wo-notice-title">
      <h3 id="wo-notice-title" className="wo-notice__title">
        {t('detail.notice.title')}
      </h3>
      <p className={`notice notice--${tone}`} role="status">
        {line}
      </p>
      {needsTelling && (
        <div className="wo-notice__actions">
          {MANUAL_NOTICE_VIAS.map((via) => (
            <button key={via} type="button" className="button button--secondary" disabled={saving !== null} onClick={() => void record(via)}>
              {t(`detail.notice.record.${via}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
