import { useTranslation } from 'react-i18next';
import type { ResolveReviewRequest, ReviewQueueItem } from '../../../domain/console/reviews';
import { formatDateTime } from '../../../domain/time/time';
import type { ApiError } from '../../../sync';
import { handoverPdfUrl } from '../../../consoleApi/exports';
import { CustomerCopySection } from './CustomerCopySection';
import { ReviewActions } from './ReviewActions';
import { ReviewData } from './ReviewData';
import { ReviewPhotos } from './ReviewPhotos';
import { reviewCodeLabel } from './reviewText';

interface Props {
  item: ReviewQueueItem;
  onResolve: (request: ResolveReviewRequest) => Promise<ApiError | null>;
}

/** One item: photos beside the recorded data, the handover PDF, and the decision while it is open. */
export function ReviewDetail({ item, onResolve }: Props) {
  const { t } = useTranslation();
  const wo = item.workOrder;
  const { completion } = item;
  return (
    <article className="review-detail" aria-labelledby={`review-${item.id}`}>
      <header className="review-detail__header">
        <p className={`review-detail__code review-detail__code--${item.code === 'COMPLETION' ? 'completion' : 'conflict'}`}>
          {reviewCodeLabel(t, item.code)}
        </p>
        <h2 id={`review-${item.id}`}>{wo.customerName}</h2>
        <p>
          <span className="mono">{wo.code}</span> · <span className="mono">{wo.customerCode}</span> · {wo.address}, {wo.commune}
        </p>
        <p className="kit-muted">
          {t('console.reviews.item.technician')}: {item.technicianName ?? '—'}
          {completion !== null && <> · {t('console.reviews.item.received', { time: formatDateTime(new Date(completion.receivedAt)) })}</>}
        </p>
        {item.status !== 'open' && (
          <p className="notice notice--info">
            {t(item.status === 'approved' ? 'console.reviews.actions.approved' : 'console.reviews.actions.returned')}
            {item.note !== null && item.note !== '' && <> {t('console.reviews.actions.resolvedNote', { note: item.note })}</>}
          </p>
        )}
        {item.status === 'open' && <ReviewActions key={item.id} onResolve={onResolve} />}
      </header>
      {completion === null ? (
        <p className="kit-empty">{item.detail === '' ? t('console.reviews.item.noCompletion') : item.detail}</p>
      ) : (
        <div className="review-detail__body">
          <ReviewPhotos completion={completion} />
          <div className="review-detail__data">
            <ReviewData item={item} completion={completion} />
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
