import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../domain/format/numberFormat';
import { ASSIGN_MAX_WORK_ORDERS, type Technician } from '../../../domain/workOrder/assignments';
import type { WorkOrderStatus } from '../../../domain/workOrder/workOrder';
import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';

/** Statuses the server assigns (assignmentService ASSIGNABLE); others are flagged before sending. */
const ASSIGNABLE: readonly WorkOrderStatus[] = ['unassigned', 'assigned', 'in_progress', 'failed_visit'];

export interface RouteSummary {
  stops: number;
  km: number;
  beforeKm: number;
}

export interface PanelMessage {
  kind: 'ok' | 'error';
  text: string;
  details?: string[];
}

interface Props {
  points: WorkOrderMapPoints;
  selected: readonly number[];
  technicians: readonly Technician[];
  technicianName: (id: string | null) => string;
  today: string;
  route: RouteSummary | null;
  busy: boolean;
  onPropose: () => void;
  onDiscardRoute: () => void;
  onClear: () => void;
  onAssign: (technicianId: string, plannedDate: string) => void;
}

/** Who the selected work orders currently belong to, other than `technicianId`: "moving N from X". */
function movingFrom(points: WorkOrderMapPoints, selected: readonly number[], technicianId: string): Map<string, number> {
  const moving = new Map<string, number>();
  for (const i of selected) {
    const current = points.assigneeIds[i] ?? null;
    if (current !== null && current !== technicianId) moving.set(current, (moving.get(current) ?? 0) + 1);
  }
  return moving;
}

/** The selection: its size, technician and date, the route proposal and "Phân công". */
export function SelectionPanel(props: Props) {
  const { points, selected, technicians, technicianName, today, route, busy } = props;
  const { t, i18n } = useTranslation();
  const [technicianId, setTechnicianId] = useState('');
  const [plannedDate, setPlannedDate] = useState(today);
  const tooMany = selected.length > ASSIGN_MAX_WORK_ORDERS;
  const blocked = selected.filter((i) => !ASSIGNABLE.includes(points.status[i] ?? 'unassigned')).length;
  const moving = movingFrom(points, selected, technicianId);
  const km = (value: number) => formatNumber(value, i18n.language, { maxFractionDigits: 1, minFractionDigits: 1 });
  return (
    <section className="map-selection" aria-labelledby="map-selection-title">
      <h2 id="map-selection-title" className="map-selection__title">
        {t('console.map.selection.count', { count: selected.length })}
      </h2>
      <button type="button" className="button button--secondary" onClick={props.onClear}>
        {t('console.map.selection.clear')}
      </button>
      {tooMany && <p className="map-selection__warning">{t('console.map.selection.tooMany', { max: ASSIGN_MAX_WORK_ORDERS })}</p>}
      {blocked > 0 && <p className="map-selection__warning">{t('console.map.selection.notAssignable', { count: blocked })}</p>}
      <label className="map-selection__field">
        <span>{t('console.map.selection.technician')}</span>
        <select value={technicianId} onChange={(e) => setTechnicianId(e.target.value)}>
          <option value="">{t('console.map.selection.chooseTechnician')}</option>
          {technicians.map((tech) => (
            <option key={tech.id} value={tech.id}>
              {tech.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="map-selection__field">
        <span>{t('console.map.selection.date')}</span>
        <input type="date" value={plannedDate} required onChange={(e) => setPlannedDate(e.target.value)} />
      </label>
      {technicianId !== '' &&
        [...moving].map(([from, count]) => (
          <p key={from} className="map-selection__moving">
            {t('console.map.selection.moving', { count, name: technicianName(from) })}
          </p>
        ))}
      <div className="map-selection__actions">
        {route === null ? (
          <button type="button" className="button button--secondary" disabled={tooMany || selected.length < 2} onClick={props.onPropose}>
            {t('console.map.selection.propose')}
          </button>
        ) : (
          <>
            <p className="map-selection__route" data-testid="route-summary">
              {t('console.map.selection.route', { count: route.stops, km: km(route.km), beforeKm: km(route.beforeKm) })}
            </p>
            <button type="button" className="button button--secondary" onClick={props.onDiscardRoute}>
              {t('console.map.selection.discardRoute')}
            </button>
          </>
        )}
        <button
          type="button"
          className="button button--primary"
          disabled={busy || tooMany || technicianId === '' || plannedDate === ''}
          onClick={() => props.onAssign(technicianId, plannedDate)}
        >
          {busy
            ? t('console.map.selection.assigning')
            : route === null
              ? t('console.map.selection.assign')
              : t('console.map.selection.assignWithRoute')}
        </button>
        {technicianId === '' && <p className="map-selection__hint">{t('console.map.selection.needTechnician')}</p>}
      </div>
    </section>
  );
}

export function PanelNotice({ message }: { message: PanelMessage }) {
  return (
    <div className={`map-notice map-notice--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      <p>{message.text}</p>
      {message.details && message.details.length > 0 && (
        <ul>
          {message.details.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
