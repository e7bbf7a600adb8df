import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReviewRecordItem, ReviewRecordView, SerialHolder } from '../../../domain/console/reviews';
import { reviewCodeLabel, formatReading } from './reviewText';
import { flagsOf } from './recordText';
import { formatDateTime } from '../../../domain/time/time';

/** Where a flag's link goes: the other work order's records in the queue. */
export function workOrderReviewPath(workOrderId: string): string {
  return `/console/reviews?workOrder=${encodeURIComponent(workOrderId)}`;
}

/** Another order holding the record's new meter, with a link to it when it is of the supervisor's team. */
function HolderLine({ holder }: { holder: SerialHolder }) {
  const { t } = useTranslation();
  if (holder.workOrderId === null || holder.workOrderCode === null) {
    return <p>{t('console.reviews.flags.serialOtherTeam', { serial: holder.serial })}</p>;
  }
  return (
    <p>
      {t('console.reviews.flags.serialHeldBy', {
        serial: holder.serial,
        code: holder.workOrderCode,
        customer: holder.customerName ?? '—',
        technician: holder.technicianName ?? '—',
      })}{' '}
      <Link className="record-flag__link" to={workOrderReviewPath(holder.workOrderId)}>
        {t('console.reviews.flags.openOther', { code: holder.workOrderCode })}
      </Link>
    </p>
  );
}

/** What a flag is about, in a sentence built from the record (never the server's English detail: a code a newer server adds shows only its label). */
function FlagExplanation({ flag, record }: { flag: ReviewRecordItem; record: ReviewRecordView }) {
  const { t, i18n } = useTranslation();
  const { completion, workOrder } = record;
  switch (flag.code) {
    case 'SERIAL_ALREADY_INSTALLED':
      return record.serialHeldBy.length === 0 ? (
        <p>{t('console.reviews.flags.serialFree', { serial: completion?.installed.serial ?? '—' })}</p>
      ) : (
        <>
          {record.serialHeldBy.map((holder, i) => (
            <HolderLine key={holder.workOrderId ?? `other-${i}`} holder={holder} />
          ))}
        </>
      );
    case 'DUPLICATE_COMPLETION':
      return <p>{t('console.reviews.flags.duplicate', { counted: record.technicianName ?? '—', other: flag.technicianName ?? '—' })}</p>;
    case 'METER_SERIAL_MISMATCH':
      return <p>{t('console.reviews.flags.serialMismatch', { recorded: completion?.removed.serial ?? '—', expected: workOrder.oldMeterSerial })}</p>;
    case 'READING_BELOW_LAST_BILLED':
      return (
        <p>
          {t('console.reviews.flags.belowLastBilled', {
            final: formatReading(completion?.removed.readings.total, i18n.language),
            last: formatReading(workOrder.lastBilledReading, i18n.language),
          })}
        </p>
      );
    case 'COMMISSIONING_MISMATCH': {
      const c = completion?.commissioning;
      return (
        <p>
          {t('console.reviews.flags.commissioningMismatch', {
            serial: completion?.installed.serial ?? '—',
            remote: formatReading(c?.firstReadTotal ?? undefined, i18n.language),
            time: c?.firstReadAt == null ? '—' : formatDateTime(new Date(c.firstReadAt)),
            initial: formatReading(completion?.installed.readings.total, i18n.language),
            reason: c?.reason == null ? '—' : t(`console.reviews.flags.commissioningReason.${c.reason}`),
          })}
        </p>
      );
    }
    case 'WO_REASSIGNED':
    case 'WO_CANCELLED':
    case 'ESCALATED':
      return <p>{t(`console.reviews.flags.${flag.code}`)}</p>;
    case 'STOCK_NOT_ISSUED': {
      // The technician's reason beside the flag that asks the supervisor to read it (also in the record's data).
      const reason = completion?.installed.stockNote;
      return (
        <>
          <p>{t('console.reviews.flags.STOCK_NOT_ISSUED')}</p>
          <p className="review-flag__reason">
            {reason === undefined ? t('console.reviews.flags.stockReasonNone') : t('console.reviews.flags.stockReason', { reason })}
          </p>
        </>
      );
    }
    default:
      return null;
  }
}

interface Props {
  record: ReviewRecordView;
  /** Ids of the flags ticked "Đã xem" (open records only). */
  acknowledged: ReadonlySet<string>;
  onAcknowledge: (id: string, seen: boolean) => void;
  /** The first flag's checkbox, focused when approving is tried before every flag is acknowledged. */
  firstUnseenRef: RefObject<HTMLInputElement | null>;
}

/**
 * The record's flags inside its item (issue 18 §5): each says what it is about in words, names the other work order
 * with a link where there is one, and while the record is open is acknowledged on its own before the record can be
 * approved; one decision settles them all.
 */
export function RecordFlags({ record, acknowledged, onAcknowledge, firstUnseenRef }: Props) {
  const { t } = useTranslation();
  const flags = flagsOf(record);
  const open = record.status === 'open';
  const firstUnseen = flags.find((f) => !acknowledged.has(f.id))?.id;
  const holders = flags.some((f) => f.code === 'SERIAL_ALREADY_INSTALLED') ? [] : record.serialHeldBy;
  if (flags.length === 0 && holders.length === 0) return null;
  return (
    <section className="record-flags" aria-labelledby={`flags-${record.key}`}>
      <h3 id={`flags-${record.key}`}>
        {flags.length === 0 ? t('console.reviews.flags.related') : t('console.reviews.flags.title', { count: flags.length })}
      </h3>
      {open && flags.length > 0 && <p className="kit-muted record-flags__hint">{t('console.reviews.flags.hint')}</p>}
      {flags.length > 0 && (
        <ul className="record-flags__list">
          {flags.map((flag) => {
            const seen = acknowledged.has(flag.id);
            const labelId = `flag-${flag.id}`;
            return (
              <li key={flag.id} className={`record-flag${open && !seen ? ' record-flag--unseen' : ''}`}>
                <div className="record-flag__text">
                  <p className="record-flag__code" id={labelId}>
                    {reviewCodeLabel(t, flag.code)}
                  </p>
                  <FlagExplanation flag={flag} record={record} />
                </div>
                {open ? (
                  <label className="record-flag__ack">
                    <input
                      type="checkbox"
                      checked={seen}
                      ref={flag.id === firstUnseen ? firstUnseenRef : undefined}
                      aria-labelledby={`${labelId}-ack ${labelId}`}
                      onChange={(event) => onAcknowledge(flag.id, event.target.checked)}
                    />
                    <span id={`${labelId}-ack`}>{t('console.reviews.flags.acknowledge')}</span>
                  </label>
                ) : (
                  <p className="record-flag__settled">{t(`console.reviews.flags.settled.${record.status}`)}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {holders.map((holder, i) => (
        <HolderLine key={holder.workOrderId ?? `other-${i}`} holder={holder} />
      ))}
    </section>
  );
}
