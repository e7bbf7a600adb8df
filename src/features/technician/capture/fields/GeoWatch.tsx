import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { GpsFix } from '../../../../domain/map/geo';
import type { GeoErrorCode } from '../../../../platform/geolocation';
import { useCaptureDevices } from '../CaptureDevices';

export interface GeoState {
  /** Latest fix of this session (null until the first one). */
  fix: GpsFix | null;
  error: GeoErrorCode | null;
  /** Restarts the watch (after the technician allowed location, or moved outside). */
  restart: () => void;
}

const GeoContext = createContext<GeoState | null>(null);

/**
 * Watches the position for as long as the capture flow is open: the location step shows accuracy
 * live, photos are stamped with the latest fix, a failed visit takes it as evidence.
 */
export function GeoWatchProvider({ children }: { children: ReactNode }) {
  const { geolocation } = useCaptureDevices();
  const [fix, setFix] = useState<GpsFix | null>(null);
  const [error, setError] = useState<GeoErrorCode | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(
    () =>
      geolocation.watch((next) => {
        setFix(next);
        setError(null);
      }, setError),
    [geolocation, generation],
  );
  const value: GeoState = { fix, error, restart: () => setGeneration((g) => g + 1) };
  return <GeoContext.Provider value={value}>{children}</GeoContext.Provider>;
}

export function useGeo(): GeoState {
  const geo = useContext(GeoContext);
  if (geo === null) throw new Error('useGeo outside <GeoWatchProvider>');
  return geo;
}
