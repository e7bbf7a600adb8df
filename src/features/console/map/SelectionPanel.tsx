import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../domain/format/numberFormat';
import { ASSIGN_MAX_WORK_ORDERS, type Technician } from '../../../domain/workOrder/assignments';
import { formatIsoDay } from '../../../domain/time/time';
import type { WorkOrderStatus } from '../../../domain/workOrder/workOrder';
import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';
import { DateField } from '../kit/DateField';
import { useConsoleApi } from '../kit/useConsoleApi';
import { replacedPlannedDates, sharedPlannedDate } from './plannedDates';
import { TechnicianPicker } from './TechnicianPicker';
import { useTechnicianLoads } from './useMapData';

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

/**
 * The selection: its size, the day (by default the planned date the selected orders share, else today), the
 * technician, the route proposal and "Phân công". A missing technician or date is said only once the user tries.
 */
export function SelectionPanel(props: Props) {
  const { points, selected, technicians, technicianName, today, route, busy } = props;
  const { t, i18n } = useTranslation();
  const [technicianId, setTechnicianId] = useState('');
  const [typedDate, setTypedDate] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const picker = useRef<HTMLSelectElement>(null);
  const shared = sharedPlannedDate(points, selected);
  const plannedDate = typedDate ?? shared ?? today;
  const loads = useTechnicianLoads(useConsoleApi(), plannedDate);
  const tooMany = selected.length > ASSIGN_MAX_WORK_ORDERS;
  const blocked = selected.filter((i) => !ASSIGNABLE.includes(points.status[i] ?? 'unassigned')).length;
  const moving = movingFrom(points, selected, technicianId);
  const km = (value: number) => formatNumber(value, i18n.language, { maxFractionDigits: 1, minFractionDigits: 1 });
  const assign = () => {
    setAttempted(true);
    if (technicianId === '') picker.current?.focus();
    if (technicianId !== '' && plannedDate !== '') props.onAssign(technicianId, plannedDate);
  };
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
      <DateField
        id="map-assign-date"
        className="map-selection__field"
        label={t('console.map.selection.date')}
        value={plannedDate}
        required
        showErrors={attempted}
        describedBy="map-assign-date-note"
        onChange={(iso) => setTypedDate(iso)}
      >
        <PlannedDateNote points={points} selected={selected} date={plannedDate} fromShared={typedDate === null && shared !== null} />
      </DateField>
      <TechnicianPicker
        ref={picker}
        technicians={technicians}
        loads={loads}
        date={plannedDate}
        value={technicianId}
        onChange={setTechnicianId}
        error={attempted && technicianId === '' ? t('console.map.selection.needTechnician') : null}
      />
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
        <button type="button" className="button button--primary" disabled={busy || tooMany} onClick={assign}>
          {busy
            ? t('console.map.selection.assigning')
            : route === null
              ? t('console.map.selection.assign')
              : t('console.map.selection.assignWithRoute')}
        </button>
      </div>
    </section>
  );
}

/** Under the day: where the default came from, and which planned dates the chosen day replaces. */
function PlannedDateNote(props: { points: WorkOrderMapPoints; selected: readonly number[]; date: string; fromShared: boolean }) {
  const { t } = useTranslation();
  const replaced = props.date === '' ? { count: 0, dates: [] } : replacedPlannedDates(props.points, props.selected, props.date);
  return (
    <p id="map-assign-date-note" className="map-selection__under" aria-live="polite">
      {replaced.count > 0 ? (
        <span className="map-selection__change">
          {t('console.map.selection.dateChanges', {
            count: replaced.count,
            from: replaced.dates.map(formatIsoDay).join(', '),
            to: formatIsoDay(props.date),
          })}
        </span>
      ) : (
        props.fromShared && <span className="map-selection__hint">{t('console.map.selection.datePlanned')}</span>
      )}
    </p>
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
