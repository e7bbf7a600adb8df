import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Supercluster from 'supercluster';
import type { WorkOrderStatus } from '../../../domain/workOrder/workOrder';
import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';

/**
 * The map's data: the columnar points of `/work-orders/map` and a supercluster index built once per load.
 * Points are referred to by their position in the columns (`index`), never copied into objects per marker.
 */

/** Pixels within which points merge into one cluster. */
export const CLUSTER_RADIUS_PX = 60;
/** From this zoom on every work order is its own marker (a street at village scale). */
export const CLUSTER_MAX_ZOOM = 16;

/** The four groups a cluster's donut shows. */
export const STATUS_GROUPS = ['unassigned', 'open', 'done', 'problem'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

export const STATUS_GROUP: Record<WorkOrderStatus, StatusGroup> = {
  unassigned: 'unassigned',
  assigned: 'open',
  in_progress: 'open',
  returned: 'problem',
  failed_visit: 'problem',
  needs_review: 'problem',
  completed: 'done',
  approved: 'done',
  cancelled: 'unassigned',
};

/** Marker colours (legend): distinguishable for common colour blindness, each with a dark outline for contrast. */
export const STATUS_COLOR: Record<WorkOrderStatus, string> = {
  unassigned: '#6b7280',
  assigned: '#1d4ed8',
  in_progress: '#7c3aed',
  completed: '#15803d',
  approved: '#065f46',
  failed_visit: '#ea580c',
  returned: '#dc2626',
  needs_review: '#ca8a04',
  cancelled: '#d1d5db',
};

export const GROUP_COLOR: Record<StatusGroup, string> = {
  unassigned: '#6b7280',
  open: '#1d4ed8',
  done: '#15803d',
  problem: '#ea580c',
};

interface PointProps {
  i: number;
}
/** Counts per status group, in STATUS_GROUPS order. */
interface ClusterProps {
  g: number[];
}

export type PointIndex = Supercluster<PointProps, ClusterProps>;
export type MapFeature = ReturnType<PointIndex['getClusters']>[number];

function groupCounts(status: WorkOrderStatus): number[] {
  const counts = [0, 0, 0, 0];
  counts[STATUS_GROUPS.indexOf(STATUS_GROUP[status])] = 1;
  return counts;
}

export function buildIndex(points: WorkOrderMapPoints): PointIndex {
  const index: PointIndex = new Supercluster<PointProps, ClusterProps>({
    radius: CLUSTER_RADIUS_PX,
    maxZoom: CLUSTER_MAX_ZOOM,
    map: (props) => ({ g: groupCounts(points.status[props.i] ?? 'unassigned') }),
    reduce: (acc, props) => {
      for (let k = 0; k < acc.g.length; k += 1) acc.g[k] = (acc.g[k] ?? 0) + (props.g[k] ?? 0);
    },
  });
  const features = points.ids.map((_, i): GeoJSON.Feature<GeoJSON.Point, PointProps> => ({
    type: 'Feature',
    properties: { i },
    geometry: { type: 'Point', coordinates: [points.lng[i] ?? 0, points.lat[i] ?? 0] },
  }));
  return index.load(features);
}

export type ClusterSummary = { kind: 'cluster'; clusterId: number; count: number; groups: readonly number[] };
export type PointSummary = { kind: 'point'; index: number };

/** What a feature of `getClusters` stands for: a cluster (id, count, counts per group) or one point (its index). */
export function describeFeature(feature: MapFeature): ClusterSummary | PointSummary {
  const props = feature.properties;
  if ('cluster_id' in props) return { kind: 'cluster', clusterId: props.cluster_id, count: props.point_count, groups: props.g };
  return { kind: 'point', index: props.i };
}

/** [minLng, minLat, maxLng, maxLat] */
export type Bounds = readonly [number, number, number, number];

/** Indexes of the points inside `bounds`, in data order (a plain scan: 100,000 points take about a millisecond). */
export function pointsInBounds(points: WorkOrderMapPoints, [minLng, minLat, maxLng, maxLat]: Bounds): number[] {
  const found: number[] = [];
  for (let i = 0; i < points.ids.length; i += 1) {
    const lat = points.lat[i] ?? NaN;
    const lng = points.lng[i] ?? NaN;
    if (lat >= minLat && lat <= maxLat && lng >= minLng && lng <= maxLng) found.push(i);
  }
  return found;
}

/**
 * Indexes of the points inside a drawn polygon (or on its edge), in data order: the polygon's bounding box first, then
 * turf's point-in-polygon on the few points in it. Plain degrees as planar coordinates, fine for the few kilometres
 * a supervisor draws around.
 */
export function pointsInPolygon(points: WorkOrderMapPoints, polygon: GeoJSON.Polygon): number[] {
  const ring = polygon.coordinates[0] ?? [];
  const lngs = ring.map(([lng = NaN]) => lng);
  const lats = ring.map(([, lat = NaN]) => lat);
  const box = pointsInBounds(points, [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)]);
  return box.filter((i) => booleanPointInPolygon([points.lng[i] ?? NaN, points.lat[i] ?? NaN], polygon));
}

/** The point as a stop for the route planner. */
export function stopOf(points: WorkOrderMapPoints, i: number): { id: string; lat: number; lng: number } {
  return { id: points.ids[i] ?? '', lat: points.lat[i] ?? 0, lng: points.lng[i] ?? 0 };
}

/**
 * Where a proposed route starts: the selected stop farthest from the selection's centre, so the path runs from
 * one end of the area to the other instead of starting in the middle and doubling back.
 */
export function routeStart(points: WorkOrderMapPoints, selected: readonly number[]): number | undefined {
  if (selected.length === 0) return undefined;
  const lat = selected.reduce((sum, i) => sum + (points.lat[i] ?? 0), 0) / selected.length;
  const lng = selected.reduce((sum, i) => sum + (points.lng[i] ?? 0), 0) / selected.length;
  let best = selected[0];
  let bestDistance = -1;
  for (const i of selected) {
    const d = ((points.lat[i] ?? 0) - lat) ** 2 + (((points.lng[i] ?? 0) - lng) * Math.cos((lat * Math.PI) / 180)) ** 2;
    if (d > bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}
