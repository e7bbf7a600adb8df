import { MapContainer, TileLayer } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { ProgressRow } from '../../../domain/console/reports';
import { escapeHtml } from '../../../ui/htmlText';
import { DrawTool, type DrawMode } from './DrawTool';
import type { DrawnShape } from './drawnShape';
import { FitToPoints, FocusMarker, PointsLayer, ProgressLayer, RouteLayer, ViewportTracker } from './MapLayers';
import type { Bounds } from './pointIndex';
import type { LoadedPoints } from './useMapData';

/** Vietnam as a whole, before the points arrive. */
const VIETNAM_CENTER: [number, number] = [16.0, 106.5];
const VIETNAM_ZOOM = 6;
const MAX_ZOOM = 19;

interface Props {
  data: LoadedPoints;
  mode: DrawMode;
  /** null: no tiles (not configured yet); markers still show on the plain background. */
  tileUrl: string | null;
  attribution: string;
  /** The map refits to the points when this changes (the commune filter). */
  fitKey: string;
  selected: ReadonlySet<number>;
  route: readonly number[] | null;
  focused: number | null;
  progress: readonly ProgressRow[];
  onBounds: (bounds: Bounds) => void;
  onDrawn: (shape: DrawnShape) => void;
  onPointClick: (index: number) => void;
  onClusterClick: ((clusterId: number) => void) | null;
}

/**
 * The Leaflet map. Tiles are decoration: when they cannot load (no internet, blocked host) the grey container
 * background stays and every marker, cluster and tool still works, since they never wait for a tile.
 */
export function MapView(props: Props) {
  const { t } = useTranslation();
  const { data } = props;
  return (
    <MapContainer
      className={`map-view map-view--${props.mode}`}
      center={VIETNAM_CENTER}
      zoom={VIETNAM_ZOOM}
      maxZoom={MAX_ZOOM}
      preferCanvas
      aria-label={t('console.map.mapLabel')}
    >
      {props.tileUrl !== null && <TileLayer url={props.tileUrl} attribution={escapeHtml(props.attribution)} maxZoom={MAX_ZOOM} />}
      <FitToPoints points={data.points} fitKey={props.fitKey} />
      <ViewportTracker onChange={props.onBounds} />
      <ProgressLayer rows={props.progress} />
      <PointsLayer data={data} selected={props.selected} onPointClick={props.onPointClick} onClusterClick={props.onClusterClick} />
      {props.route && <RouteLayer points={data.points} route={props.route} />}
      <FocusMarker points={data.points} index={props.focused} />
      <DrawTool mode={props.mode} onDrawn={props.onDrawn} />
    </MapContainer>
  );
}
