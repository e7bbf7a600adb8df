import { useTranslation } from 'react-i18next';
import { formatCount } from '../../../domain/format/numberFormat';
import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';
import { STATUS_COLOR } from './pointIndex';

/** Rows the list renders at most; the count says how many more the viewport holds. */
export const VIEWPORT_LIST_MAX = 100;

interface Props {
  points: WorkOrderMapPoints;
  /** Indexes of the points in the current viewport. */
  visible: readonly number[];
  selected: ReadonlySet<number>;
  focused: number | null;
  technicianName: (id: string | null) => string;
  onFocus: (index: number) => void;
  /** Adds the row's work order to the selection, or takes it out. */
  onToggle: (index: number) => void;
  onSelectAll: () => void;
}

/**
 * The work orders inside the map's bounds: the first rows and a count. A row is a toggle: pressing it adds its work
 * order to the selection (or takes it out) and highlights its marker.
 */
export function ViewportList({ points, visible, selected, focused, technicianName, onFocus, onToggle, onSelectAll }: Props) {
  const { t, i18n } = useTranslation();
  const rows = visible.slice(0, VIEWPORT_LIST_MAX);
  return (
    <section className="map-list" aria-labelledby="map-list-title">
      <header className="map-list__header">
        <h2 id="map-list-title" className="map-list__title">
          {t('console.map.list.title')}
        </h2>
        <p className="map-list__count" role="status" data-testid="map-list-count">
          {t('console.map.list.showing', { shown: formatCount(rows.length, i18n.language), total: formatCount(visible.length, i18n.language) })}
        </p>
        <button type="button" className="button button--secondary map-list__select" disabled={visible.length === 0} onClick={onSelectAll}>
          {t('console.map.list.selectAll')}
        </button>
        {rows.length > 0 && <p className="map-list__hint">{t('console.map.list.toggleHint')}</p>}
      </header>
      {rows.length === 0 ? (
        <p className="map-list__empty">{t('console.map.list.empty')}</p>
      ) : (
        <ul className="map-list__rows">
          {rows.map((i) => {
            const status = points.status[i] ?? 'unassigned';
            const isSelected = selected.has(i);
            return (
              <li key={points.ids[i]}>
                <button
                  type="button"
                  className="map-list__row"
                  aria-pressed={isSelected}
                  aria-current={focused === i ? 'true' : undefined}
                  data-selected={isSelected ? 'true' : undefined}
                  onClick={() => {
                    onToggle(i);
                    onFocus(i);
                  }}
                >
                  <span className="map-list__check" aria-hidden="true">
                    {isSelected ? '✓' : ''}
                  </span>
                  <span className="map-list__code mono">{points.codes[i]}</span>
                  <span className="map-list__status">
                    <span className="map-swatch" style={{ background: STATUS_COLOR[status] }} aria-hidden="true" />
                    {t(`status.${status}`)}
                  </span>
                  <span className="map-list__commune">{points.communes[i]}</span>
                  <span className="map-list__tech">{technicianName(points.assigneeIds[i] ?? null)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
