import 'leaflet/dist/leaflet.css';
import './mapPage.css';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import type { WorkOrderFilter } from '../../../domain/workOrder/workOrderQuery';
import { useSession } from '../../../runtime/contexts';
import { useToday } from '../../../platform/PlatformContext';
import { errorMessage } from '../../../i18n/errorMessage';
import { MapView } from './MapView';
import { FilterBar } from './FilterBar';
import { MapLegend, MapToolbar } from './MapToolbar';
import { ViewportList } from './ViewportList';
import { PanelNotice, SelectionPanel } from './SelectionPanel';
import { pointsInBounds, type Bounds } from './pointIndex';
import { useCommuneProgress, useMapReferences, usePoints, type LoadedPoints } from './useMapData';
import { useSelection } from './useSelection';
import type { DrawMode } from './DrawTool';

/** "Bản đồ & phân công": the team's work orders clustered on a map, filters, the list in view, selection and assignment. */
export function MapPage(_props: { me: Me }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [filter, setFilter] = useState<WorkOrderFilter>({});
  const { state, reload } = usePoints(api, filter);
  const { technicians, config } = useMapReferences(api);
  const [showProgress, setShowProgress] = useState(false);
  const progress = useCommuneProgress(api, showProgress);
  const [mode, setMode] = useState<DrawMode>('pan');
  const communes = useKnownCommunes(state.kind === 'ready' ? state : null);

  return (
    <div className="map-page">
      <h1 className="visually-hidden">{t('console.map.title')}</h1>
      <FilterBar filter={filter} onChange={setFilter} technicians={technicians} communes={communes} />
      <MapToolbar mode={mode} onMode={setMode} showProgress={showProgress} onShowProgress={setShowProgress} />
      {state.kind === 'loading' && (
        <p className="map-page__status" role="status">
          {t('console.map.loading')}
        </p>
      )}
      {state.kind === 'error' && (
        <div className="map-notice map-notice--error map-page__status" role="alert">
          <p>{`${t('console.map.loadFailed')} ${errorMessage(t, state.error)}`}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('console.map.retry')}
          </button>
        </div>
      )}
      {state.kind === 'ready' && (
        <MapWorkspace
          data={state}
          fitKey={state.filter.commune ?? ''}
          mode={mode}
          technicians={technicians}
          tileUrl={config?.tileUrl ?? null}
          attribution={config?.attribution ?? ''}
          progress={showProgress ? progress : []}
          onAssigned={reload}
        />
      )}
    </div>
  );
}

/** Every commune seen in any load, so narrowing the filter to one commune keeps the others selectable. */
function useKnownCommunes(data: LoadedPoints | null): string[] {
  const [known, setKnown] = useState<ReadonlySet<string>>(new Set());
  const [seen, setSeen] = useState<LoadedPoints | null>(null);
  if (data !== null && data !== seen) {
    setSeen(data);
    const next = new Set(known);
    for (const commune of data.points.communes) next.add(commune);
    if (next.size !== known.size) setKnown(next);
  }
  return useMemo(() => [...known].sort((a, b) => a.localeCompare(b, 'vi')), [known]);
}

interface WorkspaceProps {
  data: LoadedPoints;
  fitKey: string;
  mode: DrawMode;
  technicians: ReturnType<typeof useMapReferences>['technicians'];
  tileUrl: string | null;
  attribution: string;
  progress: ReturnType<typeof useCommuneProgress>;
  onAssigned: () => void;
}

/** Map, list and selection panel; the map stays mounted across loads so the view survives a filter change. */
function MapWorkspace({ data, fitKey, mode, technicians, tileUrl, attribution, progress, onAssigned }: WorkspaceProps) {
  const { t } = useTranslation();
  const today = useToday();
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const names = useMemo(() => new Map(technicians.map((tech) => [tech.id, tech.displayName])), [technicians]);
  const technicianName = useCallback((id: string | null) => (id === null ? t('console.map.list.nobody') : (names.get(id) ?? '—')), [names, t]);
  const visible = useMemo(() => (bounds === null ? [] : pointsInBounds(data.points, bounds)), [data, bounds]);
  const selection = useSelection(data, technicianName, onAssigned);

  return (
    <div className="map-workspace">
      <div className="map-workspace__map">
        <MapLegend />
        <MapView
          data={data}
          fitKey={fitKey}
          mode={mode}
          tileUrl={tileUrl}
          attribution={attribution}
          selected={selection.selectedSet}
          route={selection.route?.order ?? null}
          focused={focused}
          progress={progress}
          onBounds={setBounds}
          onDrawn={selection.selectShape}
          onPointClick={(i) => (mode === 'pan' ? setFocused(i) : selection.toggle(i))}
          onClusterClick={mode === 'pan' ? null : selection.selectCluster}
        />
      </div>
      <aside className="map-workspace__side">
        {selection.message && <PanelNotice message={selection.message} />}
        {selection.selected.length > 0 && (
          <SelectionPanel
            points={data.points}
            selected={selection.selected}
            technicians={technicians}
            technicianName={technicianName}
            today={today}
            route={selection.route?.summary ?? null}
            busy={selection.busy}
            onPropose={selection.propose}
            onDiscardRoute={selection.discardRoute}
            onClear={selection.clear}
            onAssign={(technicianId, plannedDate) => void selection.assign(technicianId, plannedDate, names.get(technicianId) ?? '')}
          />
        )}
        <ViewportList
          points={data.points}
          visible={visible}
          selected={selection.selectedSet}
          focused={focused}
          technicianName={technicianName}
          onFocus={setFocused}
          onToggle={selection.toggle}
          onSelectAll={() => selection.add(visible)}
        />
      </aside>
    </div>
  );
}
