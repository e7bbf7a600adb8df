import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { planVisitingOrder, routeLength } from '../../../domain/map/visitingOrder';
import type { FieldError } from '../../../domain/protocol/errors';
import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';
import { useSession } from '../../../runtime/contexts';
import { errorMessage } from '../../../i18n/errorMessage';
import { assignWorkOrders } from '../../../consoleApi/assignments';
import type { ApiError } from '../../../sync/apiError';
import type { DrawnShape } from './drawnShape';
import { pointsInBounds, pointsInPolygon, routeStart, stopOf } from './pointIndex';
import type { PanelMessage, RouteSummary } from './SelectionPanel';
import type { LoadedPoints } from './useMapData';

export interface ProposedRoute {
  /** Point indexes in visiting order. */
  order: number[];
  summary: RouteSummary;
}

/** The selected points of one load (indexes), kept in selection order; the route proposal; the assignment call. */
export function useSelection(data: LoadedPoints, technicianName: (id: string | null) => string, onAssigned: () => void) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [selected, setSelected] = useState<number[]>([]);
  const [route, setRoute] = useState<ProposedRoute | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<PanelMessage | null>(null);
  // A new load renumbers the points: the selection of the previous one means nothing any more.
  const [loaded, setLoaded] = useState(data);
  if (loaded !== data) {
    setLoaded(data);
    setSelected([]);
    setRoute(null);
  }
  const selectedSet = useMemo(() => new Set(selected), [selected]);

  const add = useCallback((indexes: readonly number[]) => {
    setSelected((current) => {
      const have = new Set(current);
      return [...current, ...indexes.filter((i) => !have.has(i))];
    });
    setRoute(null);
    setMessage(null);
  }, []);

  const toggle = useCallback((i: number) => {
    setSelected((current) => (current.includes(i) ? current.filter((j) => j !== i) : [...current, i]));
    setRoute(null);
    setMessage(null);
  }, []);

  const selectShape = useCallback(
    (shape: DrawnShape) => {
      const { points } = data;
      if (shape.kind === 'rect') {
        const b = shape.bounds;
        add(pointsInBounds(points, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]));
        return;
      }
      add(pointsInPolygon(points, shape.polygon));
    },
    [data, add],
  );

  const selectCluster = useCallback(
    (clusterId: number) => add(data.index.getLeaves(clusterId, Infinity).map((leaf) => leaf.properties.i)),
    [data, add],
  );

  const propose = useCallback(() => {
    const start = routeStart(data.points, selected);
    const ordered = start === undefined ? selected : [start, ...selected.filter((i) => i !== start)];
    const stops = ordered.map((i) => stopOf(data.points, i));
    const position = new Map(ordered.map((i, k) => [data.points.ids[i], k]));
    const order = planVisitingOrder(stops).map((id) => ordered[position.get(id) ?? 0] ?? 0);
    const km = routeLength(order.map((i) => stopOf(data.points, i))) / 1000;
    setRoute({ order, summary: { stops: order.length, km, beforeKm: routeLength(stops) / 1000 } });
  }, [data, selected]);

  const assign = useCallback(
    async (technicianId: string, plannedDate: string, name: string) => {
      const order = route?.order ?? selected;
      const workOrderIds = order.map((i) => data.points.ids[i] ?? '');
      setBusy(true);
      setMessage(null);
      const result = await assignWorkOrders(api, { workOrderIds, technicianId, plannedDate, ...(route ? { routeOrder: 'given' as const } : {}) });
      setBusy(false);
      if (result.ok) {
        setMessage({ kind: 'ok', text: t('console.map.selection.success', { count: result.value.assigned, name }) });
        onAssigned();
      } else {
        setMessage(failureMessage(t, result.error, data.points, workOrderIds));
      }
    },
    [api, data, route, selected, t, onAssigned],
  );

  return {
    selected,
    selectedSet,
    route,
    busy,
    message,
    add,
    toggle,
    selectShape,
    selectCluster,
    propose,
    assign,
    discardRoute: useCallback(() => setRoute(null), []),
    clear: useCallback(() => {
      setSelected([]);
      setRoute(null);
    }, []),
    technicianName,
  };
}

const KNOWN_FIELD_CODES = ['not_assignable', 'other_team', 'not_found'] as const;
function isKnownFieldCode(code: string): code is (typeof KNOWN_FIELD_CODES)[number] {
  return (KNOWN_FIELD_CODES as readonly string[]).includes(code);
}

/** The error sentence and, for field errors on `workOrderIds.N`, one line per work order naming its code. */
export function failureMessage(t: TFunction, error: ApiError, points: WorkOrderMapPoints, sentIds: readonly string[]): PanelMessage {
  const codeOf = new Map(points.ids.map((id, i) => [id, points.codes[i] ?? id]));
  const details = (error.fieldErrors ?? []).map((fe: FieldError) => {
    const match = /^workOrderIds\.(\d+)$/.exec(fe.path);
    const id = match ? sentIds[Number(match[1])] : undefined;
    const reason = isKnownFieldCode(fe.code) ? t(`console.map.fieldErrors.${fe.code}`) : t('console.map.fieldErrors.other');
    return `${id === undefined ? fe.path : (codeOf.get(id) ?? id)}: ${reason}`;
  });
  return { kind: 'error', text: `${t('console.map.selection.failed')} ${errorMessage(t, error)}`, details };
}
