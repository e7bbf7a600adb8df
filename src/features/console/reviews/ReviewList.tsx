import { useTranslation } from 'react-i18next';
import type { ReviewRecordView } from '../../../domain/console/reviews';
import { formatDateTime } from '../../../domain/time/time';
import { flagsOf, recordHeadline } from './recordText';

interface Props {
  records: readonly ReviewRecordView[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}

/** The queue: one button per record, its most important flag first, the selected one marked for screen readers too. */
export function ReviewList({ records, selectedKey, onSelect }: Props) {
  const { t } = useTranslation();
  return (
    <ul className="review-list" aria-label={t('console.reviews.listLabel')}>
      {records.map((record) => {
        const flags = flagsOf(record);
        return (
          <li key={record.key}>
            <button
              type="button"
              className={`review-list__item review-list__item--${flags.length === 0 ? 'completion' : 'conflict'}`}
              aria-current={record.key === selectedKey ? 'true' : undefined}
              onClick={() => onSelect(record.key)}
            >
              <span className="review-list__code">{recordHeadline(t, record)}</span>
              {flags.length > 1 && <span className="review-list__more">{t('console.reviews.moreFlags', { count: flags.length - 1 })}</span>}
              <span className="review-list__name">{record.workOrder.customerName}</span>
              <span className="review-list__meta mono">{record.workOrder.code}</span>
              <span className="review-list__meta">
                {record.technicianName ?? '—'} · {formatDateTime(new Date(record.resolvedAt ?? record.createdAt))}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
