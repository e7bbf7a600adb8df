import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Connectivity, ConnectivityState, SyncEngine, SyncStatus } from '../sync';
import type { PwaUpdate, UpdateState } from './pwaUpdate';
import type { Session, SessionState } from './session';

export const SessionContext = createContext<Session | null>(null);
export const SyncEngineContext = createContext<SyncEngine | null>(null);
export const PwaUpdateContext = createContext<PwaUpdate | null>(null);
export const ConnectivityContext = createContext<Connectivity | null>(null);

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name} used outside its provider`);
  return value;
}

export function useSession(): Session {
  return required(useContext(SessionContext), 'useSession');
}

export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

export function useSyncEngine(): SyncEngine {
  return required(useContext(SyncEngineContext), 'useSyncEngine');
}

/** The sync engine's status (idle / syncing / error, online, last sync). */
export function useSyncStatus(): SyncStatus {
  const engine = useSyncEngine();
  return useSyncExternalStore(engine.subscribe, engine.getSnapshot);
}

/**
 * Online, offline or checking: the one answer every screen shows (src/sync/connectivity.ts), from the
 * browser's events and whether the last request reached the server.
 */
export function useConnectivity(): ConnectivityState {
  const connectivity = required(useContext(ConnectivityContext), 'useConnectivity');
  return useSyncExternalStore(connectivity.subscribe, connectivity.getSnapshot);
}

export function usePwaUpdate(): PwaUpdate {
  return required(useContext(PwaUpdateContext), 'usePwaUpdate');
}

export function useUpdateState(): UpdateState {
  const update = usePwaUpdate();
  return useSyncExternalStore(update.subscribe, update.getSnapshot);
}
