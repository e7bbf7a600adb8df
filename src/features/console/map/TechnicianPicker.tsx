import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Technician } from '../../../domain/workOrder/assignments';
import { formatIsoDay } from '../../../domain/time/time';

interface Props {
  technicians: readonly Technician[];
  /** Work orders each technician already has on `date` (missing while loading). */
  loads: ReadonlyMap<string, number>;
  date: string;
  value: string;
  onChange: (technicianId: string) => void;
  /** The validation sentence, once the user tried to assign without choosing. */
  error: string | null;
  /** Focused when the user tries to assign without choosing. */
  ref?: Ref<HTMLSelectElement>;
}

/**
 * "Giao cho": each technician by name, username (two people may share a name) and the work they already have on the
 * chosen day, so the supervisor can spread the load.
 */
export function TechnicianPicker({ technicians, loads, date, value, onChange, error, ref }: Props) {
  const { t } = useTranslation();
  const hasLoads = date !== '' && loads.size > 0;
  return (
    <div className="map-selection__field">
      <label htmlFor="map-assign-technician">{t('console.map.selection.technician')}</label>
      <select
        ref={ref}
        id="map-assign-technician"
        value={value}
        aria-invalid={error !== null}
        aria-describedby={[hasLoads ? 'map-assign-load-hint' : '', error === null ? '' : 'map-assign-technician-error'].join(' ').trim() || undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('console.map.selection.chooseTechnician')}</option>
        {technicians.map((tech) => {
          const load = loads.get(tech.id);
          return (
            <option key={tech.id} value={tech.id}>
              {load === undefined
                ? t('console.map.selection.technicianOption', { name: tech.displayName, username: tech.username })
                : t('console.map.selection.technicianLoad', { name: tech.displayName, username: tech.username, count: load })}
            </option>
          );
        })}
      </select>
      {hasLoads && (
        <p id="map-assign-load-hint" className="map-selection__hint map-selection__under">
          {t('console.map.selection.loadHint', { day: formatIsoDay(date) })}
        </p>
      )}
      {error !== null && (
        <p id="map-assign-technician-error" className="map-selection__error map-selection__under" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
