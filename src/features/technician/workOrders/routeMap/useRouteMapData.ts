import { useContext, useEffect, useState } from 'react';
import { SessionContext, useConnectivity } from '../../../../runtime/contexts';
import { usePlatform, useToday } from '../../../../platform/PlatformContext';
import { dayRouteStops, type RouteStop } from '../../../../domain/map/dayRoute';
import type { GpsFix } from '../../../../domain/map/geo';
import type { MapConfig } from '../../../../domain/map/mapConfig';
import { useTodayWorkOrders } from '../../../../local';
import { browserGeolocation, type DeviceGeolocation } from '../../../../platform/geolocation';
import { readCachedMapConfig, refreshMapConfig } from '../../../../sync/mapConfig';

/** The map config: the cached one at once, refreshed from the server whenever the device is (back) online. */
export function useMapConfig(): MapConfig | null {
  const { settings } = usePlatform();
  const session = useContext(SessionContext);
  // Worth a try unless known offline (checking included): a success is what confirms the connection.
  const online = useConnectivity() !== 'offline';
  const [config, setConfig] = useState(() => readCachedMapConfig(settings));
  useEffect(() => {
    if (!online || session === null) return;
    let cancelled = false;
    void refreshMapConfig(session.api, settings).then((fresh) => {
      if (!cancelled && fresh !== null) setConfig(fresh);
    });
    return () => {
      cancelled = true;
    };
  }, [online, session, settings]);
  return config;
}

/** Today's stops, in route order, with this work order highlighted; undefined while loading. */
export function useDayRoute(currentId: string): RouteStop[] | undefined {
  const today = useToday();
  const list = useTodayWorkOrders({ today, query: '', status: 'all' });
  return list === undefined
    ? undefined
    : dayRouteStops(
        list.items.map((item) => item.workOrder),
        currentId,
      );
}

/**
 * The device's position while the map is shown, only when location permission was already granted (the map
 * never asks: the check-in does, when it matters).
 */
export function useGrantedPosition(geolocation: DeviceGeolocation = browserGeolocation): GpsFix | null {
  const [fix, setFix] = useState<GpsFix | null>(null);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    const permissions = (navigator as Partial<Navigator>).permissions;
    if (permissions === undefined) return;
    void permissions.query({ name: 'geolocation' }).then(
      (status) => {
        if (cancelled || status.state !== 'granted') return;
        stop = geolocation.watch(setFix, () => undefined);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [geolocation]);
  return fix;
}
