import '@geoman-io/leaflet-geoman-free';
import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import { SHAPE_STYLE, type DrawnShape } from './drawnShape';

// Geoman gives every Leaflet layer made after it loads an editing handle unless it is told to opt in: the map's
// markers and clusters need none (they are redrawn on every move).
L.PM.setOptIn(true);

/**
 * A click or tap per corner; a double-click, or a click or tap on the first corner, closes the polygon. No snapping,
 * no self-intersection check, none of geoman's own (English) tooltips: the toolbar's hint says what to do.
 */
const POLYGON_OPTIONS: L.PM.DrawModeOptions = {
  snappable: false,
  tooltips: false,
  cursorMarker: false,
  continueDrawing: true,
  finishOn: 'dblclick',
  pathOptions: SHAPE_STYLE,
  templineStyle: SHAPE_STYLE,
  hintlineStyle: SHAPE_STYLE,
};

/** Corner markers are drawing feedback, not controls: Leaflet makes each a focusable, unnamed role=button. */
function quietCorner(marker: L.Marker, first: boolean) {
  const element = marker.getElement();
  element?.removeAttribute('role');
  element?.removeAttribute('tabindex');
  // The first corner closes the polygon: a finger-sized target around its dot (mapPage.css).
  if (first) element?.classList.add('map-vertex--first');
}

/**
 * The map was made before geoman loaded, and opt-in mode skips maps not marked: mark it and give it its `pm` handle.
 * reInitLayer does that for a map (it tests `instanceof L.Map`; a map that has one keeps it), though its typings
 * name layers only.
 */
function attachGeoman(map: L.Map) {
  map.options.pmIgnore = false;
  L.PM.reInitLayer(map as unknown as L.Layer);
}

/** The polygon tool (leaflet-geoman); loaded lazily by DrawTool. Each closed polygon goes to `onDrawn`, then off the map. */
export default function PolygonDraw({ onDrawn }: { onDrawn: (shape: DrawnShape) => void }) {
  const map = useMap();
  useEffect(() => {
    attachGeoman(map);
    const started = ({ workingLayer }: { workingLayer: L.Layer }) => {
      workingLayer.on('pm:vertexadded', ({ marker }) =>
        quietCorner(marker, workingLayer instanceof L.Polyline && workingLayer.getLatLngs().length === 1),
      );
    };
    const created = ({ layer }: { layer: L.Layer }) => {
      layer.remove();
      const geometry = layer instanceof L.Polygon ? layer.toGeoJSON().geometry : null;
      if (geometry?.type === 'Polygon') onDrawn({ kind: 'polygon', polygon: geometry });
    };
    map.on('pm:drawstart', started);
    map.on('pm:create', created);
    map.pm.enableDraw('Polygon', POLYGON_OPTIONS);
    return () => {
      map.pm.disableDraw();
      map.off('pm:drawstart', started);
      map.off('pm:create', created);
    };
  }, [map, onDrawn]);
  return null;
}
