import L from 'leaflet';
import { useCallback, useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';

export type DrawMode = 'pan' | 'rect' | 'polygon' | 'cluster';

export type DrawnShape = { kind: 'rect'; bounds: L.LatLngBounds } | { kind: 'polygon'; vertices: L.LatLng[] };

const SHAPE_STYLE: L.PathOptions = { color: '#083a73', weight: 2, dashArray: '6 4', fillColor: '#ffbf1f', fillOpacity: 0.15, interactive: false };
/** A click this close (px) to the first vertex closes the polygon. */
const CLOSE_DISTANCE_PX = 12;

/** Rectangle: press, drag, release; the map does not pan meanwhile. */
function useRectangle(map: L.Map, active: boolean, onDrawn: (shape: DrawnShape) => void) {
  useEffect(() => {
    if (!active) return undefined;
    map.dragging.disable();
    map.boxZoom.disable();
    const container = map.getContainer();
    container.classList.add('map--drawing');
    let start: L.LatLng | null = null;
    let shape: L.Rectangle | null = null;
    const down = (e: L.LeafletMouseEvent) => {
      start = e.latlng;
      shape = L.rectangle(L.latLngBounds(start, start), SHAPE_STYLE).addTo(map);
    };
    const move = (e: L.LeafletMouseEvent) => {
      if (start && shape) shape.setBounds(L.latLngBounds(start, e.latlng));
    };
    const up = (e: L.LeafletMouseEvent) => {
      if (!start) return;
      const bounds = L.latLngBounds(start, e.latlng);
      start = null;
      shape?.remove();
      shape = null;
      if (!bounds.getNorthEast().equals(bounds.getSouthWest())) onDrawn({ kind: 'rect', bounds });
    };
    map.on('mousedown', down);
    map.on('mousemove', move);
    map.on('mouseup', up);
    return () => {
      map.off('mousedown', down);
      map.off('mousemove', move);
      map.off('mouseup', up);
      shape?.remove();
      container.classList.remove('map--drawing');
      map.dragging.enable();
      map.boxZoom.enable();
    };
  }, [map, active, onDrawn]);
}

/** Polygon: a click per vertex; a double-click, or a click on the first vertex, closes it. */
function usePolygon(map: L.Map, active: boolean, onDrawn: (shape: DrawnShape) => void) {
  useEffect(() => {
    if (!active) return undefined;
    map.doubleClickZoom.disable();
    const container = map.getContainer();
    container.classList.add('map--drawing');
    const vertices: L.LatLng[] = [];
    const line = L.polyline([], SHAPE_STYLE).addTo(map);
    const finish = () => {
      if (vertices.length >= 3) onDrawn({ kind: 'polygon', vertices: [...vertices] });
      vertices.length = 0;
      line.setLatLngs([]);
    };
    const click = (e: L.LeafletMouseEvent) => {
      const first = vertices[0];
      if (first && vertices.length >= 3 && map.latLngToContainerPoint(first).distanceTo(e.containerPoint) < CLOSE_DISTANCE_PX) {
        finish();
        return;
      }
      vertices.push(e.latlng);
      line.setLatLngs(vertices);
    };
    const dblclick = () => finish();
    map.on('click', click);
    map.on('dblclick', dblclick);
    return () => {
      map.off('click', click);
      map.off('dblclick', dblclick);
      line.remove();
      container.classList.remove('map--drawing');
      map.doubleClickZoom.enable();
    };
  }, [map, active, onDrawn]);
}

/** Draws a selection shape on the map in the given mode; `onDrawn` gets each finished shape. */
export function DrawTool({ mode, onDrawn }: { mode: DrawMode; onDrawn: (shape: DrawnShape) => void }) {
  const map = useMap();
  const latest = useRef(onDrawn);
  useEffect(() => {
    latest.current = onDrawn;
  });
  const stable = useCallback((shape: DrawnShape) => latest.current(shape), []);
  useRectangle(map, mode === 'rect', stable);
  usePolygon(map, mode === 'polygon', stable);
  return null;
}
