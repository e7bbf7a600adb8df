import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatIsoDay } from '../../../domain/time/time';
import type { StatusFilter } from '../../../domain/workOrder/workOrderList';
import { useReturnBadges, useTodayWorkOrders } from '../../../local';
import { useToday } from '../../../platform/PlatformContext';
import { isStatusFilter, SearchBox, StatusSelect } from './WorkOrderFilters';
import { LastSynced } from './LastSynced';
import { WorkOrderRow } from './WorkOrderRow';
import './workOrders.css';

/** Rows rendered when the list opens (more than a tall phone shows), then this many more per task. */
export const FIRST_ROWS = 12;
export const MORE_ROWS = 8;

/**
 * How many of the list's rows to render now. 500 rows in one go cost a cheap phone (4× slower CPU) over a second
 * of one blocking task before anything shows (bench/device.ts): the first screenful renders at once and the rest
 * follow in short tasks, each after the previous one is on screen, so taps are handled in between. A new search or
 * filter starts again from the first screenful.
 */
function useRenderedRows(total: number, filterKey: string): number {
  const [state, setState] = useState({ filterKey, count: FIRST_ROWS });
  if (state.filterKey !== filterKey) setState({ filterKey, count: FIRST_ROWS });
  const count = state.filterKey === filterKey ? state.count : FIRST_ROWS;
  useEffect(() => {
    if (count >= total) return;
    const timer = setTimeout(() => setState((s) => (s.filterKey === filterKey ? { filterKey, count: s.count + MORE_ROWS } : s)), 0);
    return () => clearTimeout(timer);
  }, [count, total, filterKey]);
  return Math.min(count, total);
}

/**
 * "Danh sách công việc": today's work orders (and overdue open ones) in route order.
 * Search and filter live in the URL, so coming back from a work order keeps them.
 */
export function WorkOrderListPage() {
  const { t } = useTranslation();
  const today = useToday();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const rawStatus = params.get('status');
  const status: StatusFilter = isStatusFilter(rawStatus) ? rawStatus : 'all';
  const list = useTodayWorkOrders({ today, query, status });
  const badges = useReturnBadges();
  const rendered = useRenderedRows(list?.items.length ?? 0, `${status}\n${query}`);

  function update(next: { q?: string; status?: StatusFilter }) {
    const merged = { q: next.q ?? query, status: next.status ?? status };
    const search = new URLSearchParams();
    if (merged.q !== '') search.set('q', merged.q);
    if (merged.status !== 'all') search.set('status', merged.status);
    setParams(search, { replace: true });
  }

  return (
    <section className="wo-list" aria-labelledby="wo-list-title">
      <div className="wo-list__head">
        <h1 id="wo-list-title" className="page-title">
          {t('workOrders.title')}
        </h1>
        <p className="wo-list__today">{t('workOrders.today', { date: formatIsoDay(today) })}</p>
        <LastSynced />
      </div>
      <SearchBox query={query} onChange={(q) => update({ q })} />
      <div className="wo-list__bar">
        <p className="wo-list__count" role="status" aria-live="polite">
          {list === undefined ? '' : t('workOrders.count', { shown: list.items.length, total: list.total })}
        </p>
        <StatusSelect status={status} onChange={(s) => update({ status: s })} />
      </div>
      {list === undefined ? (
        <p className="wo-list__message" role="status">
          {t('workOrders.loading')}
        </p>
      ) : list.items.length === 0 ? (
        <p className="wo-list__message">{list.total === 0 ? t('workOrders.empty') : t('workOrders.emptyFiltered')}</p>
      ) : (
        <ul className="wo-list__rows">
          {list.items.slice(0, rendered).map((item) => (
            <WorkOrderRow key={item.workOrder.id} item={item} badge={badges?.get(item.workOrder.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
