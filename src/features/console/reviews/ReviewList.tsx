import { useTranslation } from 'react-i18next';
import type { ReviewQueueItem } from '../../../domain/console/reviews';
import { formatDateTime } from '../../../domain/time/time';
import { reviewCodeLabel } from './reviewText';

interface Props {
  items: readonly ReviewQueueItem[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** The queue: one button per item, the selected one marked for screen readers too. */
export function ReviewList({ items, selectedId, onSelect }: Props) {
  const { t } = useTranslation();
  return (
    <ul className="review-list" aria-label={t('console.reviews.listLabel')}>
      {items.map((item) => (
        <li key={item.id}>
          <button
            type="button"
            className={`review-list__item review-list__item--${item.code === 'COMPLETION' ? 'completion' : 'conflict'}`}
            aria-current={item.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(item.id)}
          >
            <span className="review-list__code">{reviewCodeLabel(t, item.code)}</span>
            <span className="review-list__name">{item.workOrder.customerName}</span>
            <span className="review-list__meta mono">{item.workOrder.code}</span>
            <span className="review-list__meta">
              {item.technicianName ?? '—'} · {formatDateTime(new Date(item.createdAt))}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
