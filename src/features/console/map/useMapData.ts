import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Technician } from '../../../domain/workOrder/assignments';
import type { MapConfig } from '../../../domain/map/mapConfig';
import type { ProgressRow } from '../../../domain/console/reports';
import type { WorkOrderFilter, WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';
import type { ApiClient } from '../../../sync/api';
import type { ApiError } from '../../../sync/apiError';
import { fetchMapConfig } from '../../../consoleApi/assignments';
import { fetchProgress } from '../../../consoleApi/reports';
import { fetchTechnicians } from '../../../consoleApi/technicians';
import { fetchMapPoints } from '../../../consoleApi/workOrders';
import { useApiData } from '../kit/useApiData';
import { buildIndex, type PointIndex } from './pointIndex';

export interface LoadedPoints {
  points: WorkOrderMapPoints;
  index: PointIndex;
  /** The filter these points answer (the view refits when its commune changes). */
  filter: WorkOrderFilter;
}

export type PointsState = { kind: 'loading' } | { kind: 'error'; error: ApiError } | ({ kind: 'ready' } & LoadedPoints);

/** The filtered work orders as points with their cluster index; `reload` after an assignment. */
export function usePoints(api: ApiClient, filter: WorkOrderFilter): { state: PointsState; reload: () => void } {
  const [state, setState] = useState<PointsState>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(filter);
  useEffect(() => {
    let live = true;
    const filter = JSON.parse(key) as WorkOrderFilter;
    void fetchMapPoints(api, filter).then((result) => {
      if (!live) return;
      setState(result.ok ? { kind: 'ready', points: result.value, index: buildIndex(result.value), filter } : { kind: 'error', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [api, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}

/** Loads once: technicians of the scope (the picker, names in the list) and the tile source (null: no tiles). */
export function useMapReferences(api: ApiClient): { technicians: Technician[]; config: MapConfig | null } {
  const [technicians, setTechnicians] = useState<Technician[]>([]);
  const [config, setConfig] = useState<MapConfig | null>(null);
  useEffect(() => {
    let live = true;
    void fetchTechnicians(api).then((result) => {
      if (live && result.ok) setTechnicians(result.value.items);
    });
    void fetchMapConfig(api).then((result) => {
      if (live && result.ok) setConfig(result.value);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return { technicians, config };
}

/** Commune progress rows with a position, only while the layer is shown. */
export function useCommuneProgress(api: ApiClient, enabled: boolean): ProgressRow[] {
  const [rows, setRows] = useState<ProgressRow[]>([]);
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    void fetchProgress(api, { groupBy: 'commune' }).then((result) => {
      if (live && result.ok) setRows(result.value.rows.filter((row) => row.lat != null && row.lng != null));
    });
    return () => {
      live = false;
    };
  }, [api, enabled]);
  return rows;
}

/** Each technician's load on `date` (work orders already planned for them that day); empty while loading or without a date. */
export function useTechnicianLoads(api: ApiClient, date: string): ReadonlyMap<string, number> {
  const { state } = useApiData(date === '' ? null : `technician-loads:${date}`, () => fetchTechnicians(api, { date }));
  const list = state.status === 'ok' ? state.value : null;
  return useMemo(() => new Map((list?.items ?? []).flatMap((tech) => (tech.load === undefined ? [] : [[tech.id, tech.load] as const]))), [list]);
}
