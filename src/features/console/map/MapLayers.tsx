import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMap } from 'react-leaflet';
import type { ProgressRow } from '../../../domain/console/reports';
import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';
import { textElement } from '../../../ui/htmlText';
import { createClusterLayer, type ClusterLayer } from './clusterLayer';
import type { LoadedPoints } from './useMapData';
import type { Bounds } from './pointIndex';

/** The clustered markers; clicks go to the page (select or zoom, by mode). */
export function PointsLayer({
  data,
  selected,
  onPointClick,
  onClusterClick,
}: {
  data: LoadedPoints;
  selected: ReadonlySet<number>;
  onPointClick: (index: number) => void;
  onClusterClick: ((clusterId: number) => void) | null;
}) {
  const map = useMap();
  const layer = useRef<ClusterLayer | null>(null);
  // Latest handlers without rebuilding the layer on each render.
  const handlers = useRef({ onPointClick, onClusterClick });
  useEffect(() => {
    handlers.current = { onPointClick, onClusterClick };
  });
  useEffect(() => {
    const created = createClusterLayer(map, data.points, data.index, {
      onPointClick: (i) => handlers.current.onPointClick(i),
      onClusterClick: (clusterId, latlng) => {
        const select = handlers.current.onClusterClick;
        if (select) select(clusterId);
        else map.flyTo(latlng, Math.min(data.index.getClusterExpansionZoom(clusterId), map.getMaxZoom()));
      },
    });
    layer.current = created;
    return () => {
      created.remove();
      layer.current = null;
    };
  }, [map, data]);
  useEffect(() => {
    layer.current?.setSelected(selected);
  }, [selected, data]);
  return null;
}

/** Reports the visible bounds after every move or zoom (and once at start). */
export function ViewportTracker({ onChange }: { onChange: (bounds: Bounds) => void }) {
  const map = useMap();
  useEffect(() => {
    const report = () => {
      const b = map.getBounds();
      onChange([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
    };
    report();
    map.on('moveend', report);
    return () => {
      map.off('moveend', report);
    };
  }, [map, onChange]);
  return null;
}

/** Fits the map to the loaded points when they first arrive and whenever `fitKey` changes (another commune). */
export function FitToPoints({ points, fitKey }: { points: WorkOrderMapPoints; fitKey: string }) {
  const map = useMap();
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    if (fitted.current === fitKey || points.ids.length === 0) return;
    fitted.current = fitKey;
    map.fitBounds(L.latLngBounds(points.lat.map((lat, i): [number, number] => [lat, points.lng[i] ?? 0])), { padding: [24, 24] });
  }, [map, points, fitKey]);
  return null;
}

/** Zoom from which a focused work order is surely its own marker (supercluster stops merging above 16). */
const FOCUS_ZOOM = 17;

/** A ring and a label around the work order picked in the list or on the map; the map goes there if needed. */
export function FocusMarker({ points, index }: { points: WorkOrderMapPoints; index: number | null }) {
  const map = useMap();
  useEffect(() => {
    if (index === null) return undefined;
    const latlng = L.latLng(points.lat[index] ?? 0, points.lng[index] ?? 0);
    // A marker clicked on the map is already in view: leave the view alone. A list row may sit in a cluster.
    if (!map.getBounds().contains(latlng) || map.getZoom() < FOCUS_ZOOM - 4) map.setView(latlng, Math.max(map.getZoom(), FOCUS_ZOOM));
    const ring = L.circleMarker(latlng, { radius: 16, color: '#ffbf1f', weight: 4, fill: false, interactive: false }).addTo(map);
    // The code comes from an imported file: text, never markup.
    ring.bindTooltip(textElement(points.codes[index] ?? ''), { permanent: true, direction: 'top', offset: [0, -14] }).openTooltip();
    return () => {
      ring.remove();
    };
  }, [map, points, index]);
  return null;
}

/** The proposed visiting order: a polyline and a numbered badge on each stop. */
export function RouteLayer({ points, route }: { points: WorkOrderMapPoints; route: readonly number[] }) {
  const map = useMap();
  useEffect(() => {
    const latlngs = route.map((i): [number, number] => [points.lat[i] ?? 0, points.lng[i] ?? 0]);
    const group = L.layerGroup([L.polyline(latlngs, { color: '#083a73', weight: 4, opacity: 0.85, dashArray: '8 6', interactive: false })]);
    latlngs.forEach((latlng, k) => {
      const badge = document.createElement('span');
      badge.className = 'map-route-stop';
      badge.textContent = String(k + 1);
      group.addLayer(
        L.marker(latlng, {
          icon: L.divIcon({ html: badge, className: 'map-route-stop-icon', iconSize: [26, 26] }),
          interactive: false,
          keyboard: false,
        }),
      );
    });
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [map, points, route]);
  return null;
}

/** Red (nothing done) through amber to green (all planned work completed). */
function progressColour(share: number): string {
  const hue = Math.round(Math.max(0, Math.min(1, share)) * 120);
  return `hsl(${hue} 75% 40%)`;
}

/** Over the route and shapes, under the markers: the progress rings stay visible around the clusters. */
const PROGRESS_PANE = 'commune-progress';
const PROGRESS_PANE_Z = 450;

/** "Tiến độ theo xã": one ring per commune at its mean position, coloured by completed / planned, with its share. */
export function ProgressLayer({ rows }: { rows: readonly ProgressRow[] }) {
  const map = useMap();
  const { t } = useTranslation();
  useEffect(() => {
    const pane = map.getPane(PROGRESS_PANE) ?? map.createPane(PROGRESS_PANE);
    pane.style.zIndex = String(PROGRESS_PANE_Z);
    const renderer = L.svg({ pane: PROGRESS_PANE });
    const group = L.layerGroup();
    for (const row of rows) {
      if (row.lat == null || row.lng == null) continue;
      const share = row.planned === 0 ? 0 : row.completed / row.planned;
      const percent = Math.round(share * 100);
      const circle = L.circleMarker([row.lat, row.lng], {
        renderer,
        pane: PROGRESS_PANE,
        radius: 34,
        color: progressColour(share),
        weight: 6,
        fillColor: progressColour(share),
        fillOpacity: 0.25,
      });
      // The commune comes from an imported file (and i18next does not escape: React does, Leaflet would not).
      circle.bindTooltip(
        textElement(
          t('console.map.progressTooltip', { commune: row.label, completed: row.completed, planned: row.planned, percent, failed: row.failed }),
        ),
      );
      group.addLayer(circle);
      const label = document.createElement('span');
      label.className = 'map-progress-label';
      label.textContent = `${percent}%`;
      group.addLayer(
        L.marker([row.lat, row.lng], {
          icon: L.divIcon({ html: label, className: 'map-progress-icon', iconSize: [44, 18], iconAnchor: [22, 48] }),
          interactive: false,
          keyboard: false,
        }),
      );
    }
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [map, rows, t]);
  return null;
}
