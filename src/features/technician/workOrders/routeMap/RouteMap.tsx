import 'leaflet/dist/leaflet.css';
import { divIcon, latLngBounds, type LatLngTuple } from 'leaflet';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AttributionControl, CircleMarker, MapContainer, Marker, Polyline, TileLayer } from 'react-leaflet';
import type { RouteStop } from '../../../../domain/map/dayRoute';
import type { GpsFix } from '../../../../domain/map/geo';
import type { MapConfig } from '../../../../domain/map/mapConfig';
import { escapeHtml, textElement } from '../../../../ui/htmlText';

/** Closest zoom the map opens at when the route is a single point. */
const MAX_FIT_ZOOM = 17;
/** Leaflet's own default upper zoom; tiles beyond it rarely exist. */
const MAX_ZOOM = 19;

function stopIcon(stop: RouteStop) {
  return divIcon({
    className: stop.current ? 'route-stop route-stop--current' : 'route-stop',
    html: textElement(String(stop.number)),
    iconSize: stop.current ? [34, 34] : [24, 24],
  });
}

/** The map opens on this stop at street level (a day's 30 stops in one small frame are a pile of badges; zooming out shows them all). */
const OPENING_ZOOM = 16;

/**
 * The route map itself (lazy chunk): numbered stops joined in visiting order, this work order highlighted,
 * the device's position. Tiles come from the configured source; without them (offline and not cached, or no
 * config yet) the stops still show on the plain background.
 */
export function RouteMap({ stops, config, position }: { stops: readonly RouteStop[]; config: MapConfig | null; position: GpsFix | null }) {
  const { t } = useTranslation();
  const line = useMemo(() => stops.map((s): LatLngTuple => [s.lat, s.lng]), [stops]);
  const bounds = useMemo(() => latLngBounds(line).pad(0.15), [line]);
  const current = stops.find((s) => s.current);
  const view =
    current === undefined
      ? { bounds, boundsOptions: { maxZoom: MAX_FIT_ZOOM } }
      : { center: [current.lat, current.lng] satisfies LatLngTuple, zoom: OPENING_ZOOM };
  return (
    <div className="route-map" data-testid="route-map" role="region" aria-label={t('capture.routeMap.mapLabel', { count: stops.length })}>
      <MapContainer {...view} maxZoom={MAX_ZOOM} scrollWheelZoom={false} attributionControl={false} className="route-map__canvas">
        {config !== null && <TileLayer url={config.tileUrl} attribution={escapeHtml(config.attribution)} maxZoom={MAX_ZOOM} />}
        <AttributionControl prefix={false} />
        <Polyline positions={line} className="route-map__line" interactive={false} />
        {stops.map((stop) => (
          <Marker
            key={stop.id}
            position={[stop.lat, stop.lng]}
            icon={stopIcon(stop)}
            zIndexOffset={stop.current ? 1000 : 0}
            title={stop.current ? t('capture.routeMap.currentStop', { number: stop.number }) : t('capture.routeMap.stop', { number: stop.number })}
            alt={String(stop.number)}
            keyboard={false}
          />
        ))}
        {position !== null && <CircleMarker center={[position.lat, position.lng]} radius={8} className="route-map__me" interactive={false} />}
      </MapContainer>
      {current !== undefined && <p className="visually-hidden">{t('capture.routeMap.currentStop', { number: current.number })}</p>}
    </div>
  );
}
