import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaptureMessages } from '../../../../i18n/capture/useCaptureMessages';
import { RouteDownload } from './RouteDownload';
import { useDayRoute, useGrantedPosition, useMapConfig } from './useRouteMapData';
import './routeMap.css';

// Leaflet and react-leaflet live in this chunk only: neither the first screen nor the list carries them.
const RouteMap = lazy(() => import('./RouteMap').then((m) => ({ default: m.RouteMap })));

/** "Lộ trình hôm nay": a small map of today's route on the work-order screen; works offline (cached tiles or none). */
export function RouteMapSection({ workOrderId }: { workOrderId: string }) {
  useCaptureMessages();
  const { t } = useTranslation();
  const stops = useDayRoute(workOrderId);
  const config = useMapConfig();
  const position = useGrantedPosition();
  if (stops === undefined || stops.length === 0) return null;
  const current = stops.find((s) => s.current);
  return (
    <section className="card" aria-labelledby="wo-route-map">
      <h2 id="wo-route-map" className="card__title">
        {t('capture.routeMap.title')}
      </h2>
      <p className="route-map__summary">
        {current === undefined
          ? t('capture.routeMap.stops', { count: stops.length })
          : t('capture.routeMap.stopOf', { number: current.number, count: stops.length })}
      </p>
      <Suspense
        fallback={
          <div className="route-map route-map--loading" role="status">
            {t('capture.routeMap.loading')}
          </div>
        }
      >
        <RouteMap stops={stops} config={config} position={position} />
      </Suspense>
      {config?.bulkDownload === true && <RouteDownload stops={stops} config={config} />}
    </section>
  );
}
