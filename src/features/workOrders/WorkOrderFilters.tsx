import { useTranslation } from 'react-i18next';
import type { WorkOrderStatus } from '../../domain';
import type { StatusFilter } from '../../domain/workOrderList';

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

interface Props {
  query: string;
  status: StatusFilter;
  onQueryChange: (query: string) => void;
  onStatusChange: (status: StatusFilter) => void;
}

export function WorkOrderFilters({ query, status, onQueryChange, onStatusChange }: Props) {
  const { t } = useTranslation();
  return (
    <div className="wo-filters" role="search">
      <label className="field wo-filters__search">
        <span className="field__label">{t('workOrders.search')}</span>
        <input
          className="field__input"
          type="search"
          value={query}
          placeholder={t('workOrders.searchHint')}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onQueryChange(e.target.value)}
        />
      </label>
      <label className="field wo-filters__status">
        <span className="field__label">{t('workOrders.statusFilter')}</span>
        <select
          className="field__input"
          value={status}
          onChange={(e) => {
            if (isStatusFilter(e.target.value)) onStatusChange(e.target.value);
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
    </div>
  );
}
