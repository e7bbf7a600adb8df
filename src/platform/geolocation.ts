import type { GpsFix } from '../domain/map/geo';

/** Why no position came: the user refused, the device found none, or it took too long. */
export type GeoErrorCode = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface DeviceGeolocation {
  /** One fix; GPS works without network, so this works offline too. */
  current(options?: { timeoutMs?: number; maxAgeMs?: number }): Promise<{ ok: true; fix: GpsFix } | { ok: false; error: GeoErrorCode }>;
  /** Live fixes until the returned function is called. */
  watch(onFix: (fix: GpsFix) => void, onError: (error: GeoErrorCode) => void): () => void;
}

/** How long a single fix may take before the app gives up and lets the technician continue or retry. */
export const GEO_TIMEOUT_MS = 20_000;
/** A cached fix younger than this is as good as a new one at the same site. */
export const GEO_MAX_AGE_MS = 30_000;

function toFix(position: GeolocationPosition): GpsFix {
  return {
    lat: position.coords.latitude,
    lng: position.coords.longitude,
    accuracyM: Math.min(100_000, Math.max(0, position.coords.accuracy)),
    at: new Date(position.timestamp).toISOString(),
  };
}

function toErrorCode(error: GeolocationPositionError): GeoErrorCode {
  if (error.code === error.PERMISSION_DENIED) return 'denied';
  if (error.code === error.TIMEOUT) return 'timeout';
  return 'unavailable';
}

function api(): Geolocation | undefined {
  return (navigator as Partial<Navigator>).geolocation;
}

export const browserGeolocation: DeviceGeolocation = {
  current({ timeoutMs = GEO_TIMEOUT_MS, maxAgeMs = GEO_MAX_AGE_MS } = {}) {
    const geo = api();
    if (geo === undefined) return Promise.resolve({ ok: false, error: 'unsupported' });
    return new Promise((resolve) => {
      geo.getCurrentPosition(
        (position) => resolve({ ok: true, fix: toFix(position) }),
        (error) => resolve({ ok: false, error: toErrorCode(error) }),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: maxAgeMs },
      );
    });
  },
  watch(onFix, onError) {
    const geo = api();
    if (geo === undefined) {
      onError('unsupported');
      return () => undefined;
    }
    const id = geo.watchPosition(
      (position) => onFix(toFix(position)),
      (error) => onError(toErrorCode(error)),
      { enableHighAccuracy: true, maximumAge: 0 },
    );
    return () => geo.clearWatch(id);
  },
};
