import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecideRecordRequest, ReviewRecordView } from '../../../domain/console/reviews';
import { formatDateTime } from '../../../domain/time/time';
import type { ApiError } from '../../../sync';
import { handoverPdfUrl } from '../../../consoleApi/exports';
import { CustomerCopySection } from './CustomerCopySection';
import { RecordFlags } from './RecordFlags';
import { ReviewActions, type DecisionInput } from './ReviewActions';
import { ReviewData } from './ReviewData';
import { ReviewPhotos } from './ReviewPhotos';
import { flagsOf, recordHeadline } from './recordText';

interface Props {
  record: ReviewRecordView;
  onDecide: (request: DecideRecordRequest) => Promise<ApiError | null>;
}

/** One record: its flags to acknowledge, photos beside the recorded data, the handover PDF, and one decision while open. */
export function ReviewDetail({ record, onDecide }: Props) {
  const { t } = useTranslation();
  const wo = record.workOrder;
  const { completion } = record;
  const flags = flagsOf(record);
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const firstUnseen = useRef<HTMLInputElement | null>(null);
  const unacknowledged = flags.filter((f) => !acknowledged.has(f.id)).length;
  const acknowledge = (id: string, seen: boolean) =>
    setAcknowledged((current) => {
      const next = new Set(current);
      if (seen) next.add(id);
      else next.delete(id);
      return next;
    });
  // The decision names the open items shown, so a flag that arrives meanwhile is never settled unseen (409 REVIEW_CHANGED).
  const decide = (input: DecisionInput) => onDecide({ ...input, reviewIds: record.items.map((item) => item.id) });

  return (
    <article className="review-detail" aria-labelledby={`review-${record.key}`}>
      <header className="review-detail__header">
        <p className={`review-detail__code review-detail__code--${flags.length === 0 ? 'completion' : 'conflict'}`}>
          {flags.length > 1 ? t('console.reviews.flags.count', { count: flags.length }) : recordHeadline(t, record)}
        </p>
        <h2 id={`review-${record.key}`}>{wo.customerName}</h2>
        <p>
          <span className="mono">{wo.code}</span> · <span className="mono">{wo.customerCode}</span> · {wo.address}, {wo.commune}
        </p>
        <p className="kit-muted">
          {t('console.reviews.item.technician')}: {record.technicianName ?? '—'}
          {completion !== null && <> · {t('console.reviews.item.received', { time: formatDateTime(new Date(completion.receivedAt)) })}</>}
        </p>
        {record.status !== 'open' && (
          <p className="notice notice--info">
            {t(record.status === 'approved' ? 'console.reviews.actions.approved' : 'console.reviews.actions.returned')}
            {record.note !== null && record.note !== '' && <> {t('console.reviews.actions.resolvedNote', { note: record.note })}</>}
          </p>
        )}
        {record.status === 'open' && (
          <ReviewActions
            onDecide={decide}
            flagCount={flags.length}
            unacknowledged={unacknowledged}
            onMissingAcknowledgement={() => firstUnseen.current?.focus()}
          />
        )}
      </header>
      <RecordFlags record={record} acknowledged={acknowledged} onAcknowledge={acknowledge} firstUnseenRef={firstUnseen} />
      {completion === null ? (
        flags.length === 0 && <p className="kit-empty">{t('console.reviews.item.noCompletion')}</p>
      ) : (
        <div className="review-detail__body">
          <ReviewPhotos completion={completion} />
          <div className="review-detail__data">
            <ReviewData workOrder={wo} gpsDistanceM={record.gpsDistanceM} completion={completion} />
            <a className="button button--secondary" href={handoverPdfUrl(completion.id)} download>
              {t('console.reviews.data.handoverPdf')}
            </a>
            <CustomerCopySection key={completion.id} completionId={completion.id} />
          </div>
        </div>
      )}
    </article>
  );
}
