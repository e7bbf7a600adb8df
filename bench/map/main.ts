// The page bench/map.mjs opens: 100,000 synthetic work orders in Vietnam drawn (a) with the console map's own
// layer (supercluster index + canvas circles + DOM cluster bubbles, src/features/consoleMap/clusterLayer.ts) or
// (b) with Leaflet.markercluster, on the same data and the same canvas circle markers. `?impl=…&n=…`.
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import '../../src/features/console/map/mapPage.css';
import L from 'leaflet';
import type { WorkOrderMapPoints } from '../../src/domain/workOrder/workOrderQuery';
import type { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import { createClusterLayer } from '../../src/features/console/map/clusterLayer';
import { buildIndex, STATUS_COLOR } from '../../src/features/console/map/pointIndex';

declare global {
  interface Window {
    L: typeof L;
    benchMap: L.Map;
    benchResult: Promise<{ impl: string; points: number; firstRenderMs: number; indexMs: number; firstPoint: [number, number] }>;
  }
}

const params = new URLSearchParams(location.search);
const IMPL = params.get('impl') ?? 'supercluster';
const COUNT = Number(params.get('n') ?? 100_000);
/** Communes the synthetic orders gather around (as real ones do), spread over inland Vietnam. */
const CENTRES = 400;

/** Deterministic generator (mulberry32): the two implementations see the same points. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticPoints(count: number): WorkOrderMapPoints {
  const next = random(20261124);
  const centres = Array.from({ length: CENTRES }, () => {
    // Along the country's spine: latitude 9–22.5, longitude drifting east to the south-centre coast.
    const lat = 9 + next() * 13.5;
    const lng = lat > 17 ? 104 + next() * 2.6 : 105 + next() * 3.5;
    return { lat, lng };
  });
  const statuses: WorkOrderStatus[] = ['unassigned', 'unassigned', 'assigned', 'completed', 'failed_visit', 'approved'];
  const points: WorkOrderMapPoints = { ids: [], codes: [], lat: [], lng: [], status: [], assigneeIds: [], communes: [], plannedDates: [] };
  for (let i = 0; i < count; i += 1) {
    const c = centres[Math.floor(next() * CENTRES)] ?? { lat: 16, lng: 106 };
    points.ids.push(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    points.codes.push(`WO-${i}`);
    points.lat.push(c.lat + (next() - 0.5) * 0.08);
    points.lng.push(c.lng + (next() - 0.5) * 0.08);
    points.status.push(statuses[Math.floor(next() * statuses.length)] ?? 'unassigned');
    points.assigneeIds.push(null);
    points.communes.push(`Xã ${i % CENTRES}`);
    points.plannedDates.push(null);
  }
  return points;
}

/** Resolves after the browser has painted what the current task drew. */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/** What the console map does on each load: index the columns, draw the visible clusters. Returns the index time. */
function superclusterLayer(map: L.Map, points: WorkOrderMapPoints): () => number {
  return () => {
    const started = performance.now();
    const index = buildIndex(points);
    const indexMs = performance.now() - started;
    createClusterLayer(map, points, index);
    return indexMs;
  };
}

/**
 * The plugin's documented fast path (its own 50,000-marker example): plain L.marker with a small div icon, one
 * `addLayers` call with every marker (markers created beforehand, untimed). `?markers=canvas` uses canvas
 * circle markers instead (far slower with this plugin: every marker it shows is added to the canvas one by one).
 */
async function markerClusterLayer(map: L.Map, points: WorkOrderMapPoints): Promise<() => number> {
  // The plugin is a UMD script that extends the global L.
  window.L = L;
  await import('leaflet.markercluster');
  const canvas = params.get('markers') === 'canvas';
  const renderer = L.canvas({ padding: 0.25 });
  const icon = L.divIcon({ className: 'bench-marker', iconSize: [12, 12] });
  const markers = points.ids.map((_, i): L.Layer => {
    const latlng: [number, number] = [points.lat[i] ?? 0, points.lng[i] ?? 0];
    return canvas
      ? L.circleMarker(latlng, {
          renderer,
          radius: 7,
          color: '#fff',
          weight: 1.5,
          fillColor: STATUS_COLOR[points.status[i] ?? 'unassigned'],
          fillOpacity: 0.95,
        })
      : L.marker(latlng, { icon });
  });
  return () => {
    const started = performance.now();
    const group = L.markerClusterGroup({ maxClusterRadius: 60 });
    group.addLayers(markers);
    map.addLayer(group);
    return performance.now() - started;
  };
}

async function run() {
  const points = syntheticPoints(COUNT);
  // Opens where the panning starts (first point, country zoom), so the first drags need no recentring.
  const map = L.map('map', { preferCanvas: true, zoomControl: false, maxZoom: 19 }).setView([points.lat[0] ?? 16, points.lng[0] ?? 106], 6);
  window.benchMap = map;
  const render = IMPL === 'markercluster' ? await markerClusterLayer(map, points) : superclusterLayer(map, points);
  await painted();
  const started = performance.now();
  const indexMs = render();
  await painted();
  return {
    impl: IMPL,
    points: COUNT,
    firstRenderMs: performance.now() - started,
    indexMs,
    firstPoint: [points.lat[0] ?? 16, points.lng[0] ?? 106] as [number, number],
  };
}

window.benchResult = run();
