import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { UserDatabase } from './database';
import { bindDevice, type Device } from './device';
import type { CommandDeps } from './outbox';

const DeviceContext = createContext<{ db: UserDatabase; device: Device } | null>(null);

/**
 * Gives the signed-in user's database to the screens below it: their commands through `useDevice()`,
 * already bound to the clock and the id source, and the live queries exported by src/local.
 */
export function DeviceProvider({ db, deps, children }: { db: UserDatabase; deps: CommandDeps; children: ReactNode }) {
  const value = useMemo(() => ({ db, device: bindDevice(db, deps) }), [db, deps]);
  return <DeviceContext.Provider value={value}>{children}</DeviceContext.Provider>;
}

function useDeviceContext(): { db: UserDatabase; device: Device } {
  const value = useContext(DeviceContext);
  if (value === null) throw new Error('useDevice outside <DeviceProvider>');
  return value;
}

/** The technician's commands on this device's data (start, save, complete, amend, retry…). */
export function useDevice(): Device {
  return useDeviceContext().device;
}

/** The database itself, for src/local's own live-query hooks only (not exported to screens). */
export function useLocalDatabase(): UserDatabase {
  return useDeviceContext().db;
}
