import type L from 'leaflet';

/** A finished selection shape: a rectangle's bounds, or a polygon as GeoJSON ([lng, lat] corners, ring closed). */
export type DrawnShape = { kind: 'rect'; bounds: L.LatLngBounds } | { kind: 'polygon'; polygon: GeoJSON.Polygon };

/** The shape being drawn, both tools: dashed navy outline, a light amber fill. */
export const SHAPE_STYLE: L.PathOptions = {
  color: '#083a73',
  weight: 2,
  dashArray: '6 4',
  fillColor: '#ffbf1f',
  fillOpacity: 0.15,
  interactive: false,
};
