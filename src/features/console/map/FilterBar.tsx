import { useTranslation } from 'react-i18next';
import type { Technician } from '../../../domain/workOrder/assignments';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../../../domain/workOrder/workOrder';
import type { WorkOrderFilter } from '../../../domain/workOrder/workOrderQuery';
import { DateField } from '../kit/DateField';
import { STATUS_COLOR } from './pointIndex';

interface Props {
  filter: WorkOrderFilter;
  onChange: (filter: WorkOrderFilter) => void;
  technicians: readonly Technician[];
  communes: readonly string[];
}

/** Status (several), technician (or unassigned), commune and planned date: they apply to the map and the list. */
export function FilterBar({ filter, onChange, technicians, communes }: Props) {
  const { t } = useTranslation();
  const statuses = filter.status ?? [];
  const set = (patch: Partial<WorkOrderFilter>) => onChange(withoutEmpty({ ...filter, ...patch }));
  const toggle = (status: WorkOrderStatus, on: boolean) => set({ status: on ? [...statuses, status] : statuses.filter((s) => s !== status) });
  const hasFilter = Object.keys(filter).length > 0;
  return (
    <form className="map-filters" aria-label={t('console.map.filters.label')} onSubmit={(e) => e.preventDefault()}>
      <details className="map-filters__status">
        <summary className="map-filters__summary">
          <span className="map-filters__label">{t('console.map.filters.status')}</span>
          {statuses.length === 0
            ? t('console.map.filters.allStatuses')
            : statuses.length === 1
              ? t(`status.${statuses[0] ?? 'unassigned'}`)
              : t('console.map.filters.statusCount', { count: statuses.length })}
        </summary>
        <fieldset className="map-filters__menu">
          <legend className="visually-hidden">{t('console.map.filters.status')}</legend>
          {WORK_ORDER_STATUSES.map((status) => (
            <label key={status} className="map-filters__option">
              <input type="checkbox" checked={statuses.includes(status)} onChange={(e) => toggle(status, e.target.checked)} />
              <span className="map-swatch" data-status={status} style={{ background: STATUS_COLOR[status] }} aria-hidden="true" />
              {t(`status.${status}`)}
            </label>
          ))}
        </fieldset>
      </details>
      <label className="map-filters__field">
        <span className="map-filters__label">{t('console.map.filters.technician')}</span>
        <select value={filter.assigneeId ?? ''} onChange={(e) => set({ assigneeId: e.target.value === '' ? undefined : e.target.value })}>
          <option value="">{t('console.map.filters.anyTechnician')}</option>
          <option value="none">{t('console.map.filters.unassigned')}</option>
          {technicians.map((tech) => (
            <option key={tech.id} value={tech.id}>
              {tech.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="map-filters__field">
        <span className="map-filters__label">{t('console.map.filters.commune')}</span>
        <select value={filter.commune ?? ''} onChange={(e) => set({ commune: e.target.value === '' ? undefined : e.target.value })}>
          <option value="">{t('console.map.filters.anyCommune')}</option>
          {communes.map((commune) => (
            <option key={commune} value={commune}>
              {commune}
            </option>
          ))}
        </select>
      </label>
      <DateField
        className="map-filters__field"
        labelClassName="map-filters__label"
        label={t('console.map.filters.plannedDate')}
        value={filter.plannedDate ?? ''}
        // A half-typed date leaves the filter as it was (no reload per keystroke); a cleared one removes it.
        onChange={(iso, kind) => {
          if (kind !== 'invalid') set({ plannedDate: iso === '' ? undefined : iso });
        }}
      />
      {hasFilter && (
        <button type="button" className="button button--secondary map-filters__clear" onClick={() => onChange({})}>
          {t('console.map.filters.clear')}
        </button>
      )}
    </form>
  );
}

/** Drops unset fields and empty lists, so "no filter" is `{}` and reloads compare equal. */
function withoutEmpty(filter: WorkOrderFilter): WorkOrderFilter {
  const out: WorkOrderFilter = {};
  if (filter.status && filter.status.length > 0) out.status = filter.status;
  if (filter.assigneeId) out.assigneeId = filter.assigneeId;
  if (filter.commune) out.commune = filter.commune;
  if (filter.plannedDate) out.plannedDate = filter.plannedDate;
  return out;
}
