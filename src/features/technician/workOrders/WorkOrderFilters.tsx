import { useTranslation } from 'react-i18next';
import type { WorkOrderStatus } from '../../../domain';
import type { StatusFilter } from '../../../domain/workOrder/workOrderList';

/** The statuses a technician meets, in the order they happen. */
const FILTER_STATUSES: readonly WorkOrderStatus[] = [
  'assigned',
  'in_progress',
  'returned',
  'completed',
  'failed_visit',
  'needs_review',
  'approved',
  'cancelled',
];

export function isStatusFilter(value: string | null): value is StatusFilter {
  return value === 'all' || FILTER_STATUSES.some((s) => s === value);
}

// Labels stay for screen readers and voice control, visually hidden: the placeholder and the
// "all statuses" option say the same on screen, and the list starts higher at 360 px.

export function SearchBox({ query, onChange }: { query: string; onChange: (query: string) => void }) {
  const { t } = useTranslation();
  return (
    <div role="search">
      <label className="field">
        <span className="visually-hidden">{t('workOrders.search')}</span>
        <input
          className="field__input"
          type="search"
          value={query}
          placeholder={t('workOrders.searchHint')}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
    </div>
  );
}

export function StatusSelect({ status, onChange }: { status: StatusFilter; onChange: (status: StatusFilter) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field wo-status-select">
      <span className="visually-hidden">{t('workOrders.statusFilter')}</span>
      <select
        className="field__input"
        value={status}
        onChange={(e) => {
          if (isStatusFilter(e.target.value)) onChange(e.target.value);
        }}
      >
        <option value="all">{t('workOrders.allStatuses')}</option>
        {FILTER_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
