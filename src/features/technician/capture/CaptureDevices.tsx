import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { estimateStorage } from '../../../platform/storage';
import { browserGeolocation, type DeviceGeolocation } from '../../../platform/geolocation';
import { createPhotoProcessor, type PhotoProcessor } from '../../../platform/photoProcessor';

/** The device features the capture flow uses; tests hand in fakes. */
export interface CaptureDevices {
  geolocation: DeviceGeolocation;
  photos: PhotoProcessor;
  estimateStorage: () => Promise<{ usage: number; quota: number } | null>;
}

const CaptureDevicesContext = createContext<CaptureDevices | null>(null);

/** Real devices for the capture screens; the photo worker lives as long as the provider. */
export function CaptureDevicesProvider({ devices, children }: { devices?: CaptureDevices; children: ReactNode }) {
  const value = useMemo(() => devices ?? { geolocation: browserGeolocation, photos: createPhotoProcessor(), estimateStorage }, [devices]);
  useEffect(() => () => value.photos.dispose(), [value]);
  return <CaptureDevicesContext.Provider value={value}>{children}</CaptureDevicesContext.Provider>;
}

export function useCaptureDevices(): CaptureDevices {
  const devices = useContext(CaptureDevicesContext);
  if (devices === null) throw new Error('useCaptureDevices outside <CaptureDevicesProvider>');
  return devices;
}
