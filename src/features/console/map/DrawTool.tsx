import L from 'leaflet';
import { lazy, Suspense, useCallback, useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { SHAPE_STYLE, type DrawnShape } from './drawnShape';

export type DrawMode = 'pan' | 'rect' | 'polygon' | 'cluster';

/**
 * The polygon tool is leaflet-geoman (74 kB gzip, five times this page's own code): loaded the first time the tool is
 * chosen, so the map opens without it. The PWA precaches it like every chunk, so it loads offline too.
 */
const PolygonDraw = lazy(() => import('./PolygonDraw'));

/** Movement (px) after which a press becomes a drag: less is a click, left to markers and clusters. */
const DRAG_START_PX = 4;

interface Drag {
  pointerId: number;
  start: L.LatLng;
  startPoint: L.Point;
  /** Set once the pointer moved DRAG_START_PX: the preview, and the pointer captured by the map. */
  shape: L.Rectangle | null;
}

/**
 * Rectangle: press, drag, release, with a mouse, a finger or a pen (Pointer Events; Leaflet's mouse events never
 * see a finger's drag); the map does not pan meanwhile. Once dragging, the pointer is captured (a touch is by
 * itself), so a drag that leaves the map still ends and its release clicks no marker; a press that does not move
 * stays a click on what is under it. A second finger (a pinch) cancels the rectangle. Kept as our own gesture:
 * geoman's rectangle is two clicks, not a drag.
 */
function useRectangle(map: L.Map, active: boolean, onDrawn: (shape: DrawnShape) => void) {
  useEffect(() => {
    if (!active) return undefined;
    map.dragging.disable();
    map.boxZoom.disable();
    const container = map.getContainer();
    container.classList.add('map--drawing');
    let drag: Drag | null = null;
    const cancel = () => {
      drag?.shape?.remove();
      drag = null;
    };
    const down = (e: PointerEvent) => {
      cancel();
      if (e.isPrimary && e.button === 0)
        drag = { pointerId: e.pointerId, start: map.mouseEventToLatLng(e), startPoint: map.mouseEventToContainerPoint(e), shape: null };
    };
    const move = (e: PointerEvent) => {
      if (drag?.pointerId !== e.pointerId) return;
      if (drag.shape === null) {
        if (map.mouseEventToContainerPoint(e).distanceTo(drag.startPoint) < DRAG_START_PX) return;
        // A touch is captured by the element it started on already; capturing it again cost Chromium the next tap.
        if (e.pointerType !== 'touch') container.setPointerCapture(e.pointerId);
        drag.shape = L.rectangle(L.latLngBounds(drag.start, drag.start), SHAPE_STYLE).addTo(map);
      }
      drag.shape.setBounds(L.latLngBounds(drag.start, map.mouseEventToLatLng(e)));
    };
    const up = (e: PointerEvent) => {
      if (drag?.pointerId !== e.pointerId) return;
      const bounds = drag.shape === null ? null : L.latLngBounds(drag.start, map.mouseEventToLatLng(e));
      cancel();
      if (bounds !== null && !bounds.getNorthEast().equals(bounds.getSouthWest())) onDrawn({ kind: 'rect', bounds });
    };
    container.addEventListener('pointerdown', down);
    container.addEventListener('pointermove', move);
    container.addEventListener('pointerup', up);
    container.addEventListener('pointercancel', cancel);
    return () => {
      container.removeEventListener('pointerdown', down);
      container.removeEventListener('pointermove', move);
      container.removeEventListener('pointerup', up);
      container.removeEventListener('pointercancel', cancel);
      cancel();
      container.classList.remove('map--drawing');
      map.dragging.enable();
      map.boxZoom.enable();
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
  if (mode !== 'polygon') return null;
  return (
    <Suspense fallback={null}>
      <PolygonDraw onDrawn={stable} />
    </Suspense>
  );
}
