import L from 'leaflet';
import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';
import { describeFeature, GROUP_COLOR, STATUS_COLOR, STATUS_GROUPS, type PointIndex } from './pointIndex';

/**
 * The markers of every work order, drawn from a supercluster index: on each `moveend` (which also follows a
 * zoom) only the clusters and points of the visible area (plus a margin) are drawn, points as circles on one
 * canvas and clusters as a few hundred small DOM bubbles with their count. So 100,000 work orders cost the same
 * per frame as 1,000. Plain Leaflet, no React: the console map and `bench/map` use the same code.
 */

/** Share of the viewport drawn around it, so a short pan shows markers at once. */
const VIEWPORT_PADDING = 0.25;
const POINT_RADIUS_PX = 7;
const SELECTED_RADIUS_PX = 9;

export interface ClusterLayerEvents {
  onPointClick?: (index: number) => void;
  /** A cluster was clicked; the default (no handler) zooms into it. */
  onClusterClick?: (clusterId: number, latlng: L.LatLng) => void;
}

export interface ClusterLayer {
  redraw(): void;
  setSelected(selected: ReadonlySet<number>): void;
  /** Markers drawn by the last redraw (clusters + single points). */
  drawnCount(): number;
  remove(): void;
}

/** A bubble whose ring shows the share of each status group (conic gradient set through the DOM, CSP-safe). */
function clusterIcon(count: number, groups: readonly number[], selectedCount: number): L.DivIcon {
  const size = Math.round(32 + Math.min(4, Math.log10(count)) * 7);
  const el = document.createElement('div');
  el.className = 'map-cluster';
  let start = 0;
  const stops = STATUS_GROUPS.map((group, k) => {
    const end = start + ((groups[k] ?? 0) / count) * 360;
    const stop = `${GROUP_COLOR[group]} ${start}deg ${end}deg`;
    start = end;
    return stop;
  });
  el.style.background = `conic-gradient(${stops.join(', ')})`;
  el.style.width = `${size}px`;
  el.style.height = `${size}px`;
  const label = document.createElement('span');
  label.className = 'map-cluster__count';
  label.textContent = count >= 10_000 ? `${Math.round(count / 1000)}k` : String(count);
  el.append(label);
  if (selectedCount > 0) {
    // Selected work orders hidden inside the cluster: a dark outline and how many of them.
    el.classList.add('map-cluster--selected');
    const badge = document.createElement('span');
    badge.className = 'map-cluster__selected';
    badge.textContent = `✓${selectedCount}`;
    el.append(badge);
  }
  return L.divIcon({ html: el, className: 'map-cluster-icon', iconSize: [size, size] });
}

export function createClusterLayer(map: L.Map, points: WorkOrderMapPoints, index: PointIndex, events: ClusterLayerEvents = {}): ClusterLayer {
  const renderer = L.canvas({ padding: VIEWPORT_PADDING, tolerance: 4 });
  const group = L.layerGroup().addTo(map);
  let selected: ReadonlySet<number> = new Set();
  let drawn = 0;

  function pointMarker(i: number): L.CircleMarker {
    const isSelected = selected.has(i);
    const marker = L.circleMarker([points.lat[i] ?? 0, points.lng[i] ?? 0], {
      renderer,
      radius: isSelected ? SELECTED_RADIUS_PX : POINT_RADIUS_PX,
      color: isSelected ? '#111827' : '#ffffff',
      weight: isSelected ? 3 : 1.5,
      fillColor: STATUS_COLOR[points.status[i] ?? 'unassigned'],
      fillOpacity: 0.95,
    });
    marker.on('click', () => events.onPointClick?.(i));
    return marker;
  }

  /** Selected points inside a cluster (only looked up while something is selected). */
  function selectedIn(clusterId: number): number {
    if (selected.size === 0) return 0;
    return index.getLeaves(clusterId, Infinity).reduce((n, leaf) => n + (selected.has(leaf.properties.i) ? 1 : 0), 0);
  }

  function redraw() {
    const bounds = map.getBounds().pad(VIEWPORT_PADDING);
    const zoom = Math.round(map.getZoom());
    const features = index.getClusters([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], zoom);
    group.clearLayers();
    for (const feature of features) {
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      const what = describeFeature(feature);
      if (what.kind === 'cluster') {
        const { clusterId, count, groups } = what;
        const marker = L.marker([lat, lng], { icon: clusterIcon(count, groups, selectedIn(clusterId)), keyboard: false, title: String(count) });
        marker.on('click', (event: L.LeafletMouseEvent) => {
          if (events.onClusterClick) events.onClusterClick(clusterId, event.latlng);
          else map.flyTo([lat, lng], Math.min(index.getClusterExpansionZoom(clusterId), map.getMaxZoom()));
        });
        group.addLayer(marker);
      } else {
        group.addLayer(pointMarker(what.index));
      }
    }
    drawn = features.length;
  }

  map.on('moveend', redraw);
  redraw();
  return {
    redraw,
    setSelected(next) {
      selected = next;
      redraw();
    },
    drawnCount: () => drawn,
    remove() {
      map.off('moveend', redraw);
      group.remove();
    },
  };
}
