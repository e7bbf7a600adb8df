import { Me } from '../domain/auth';
import type { KeyValueStore } from '../platform';

/**
 * The last user who signed in on this device, so the app opens offline straight to their work.
 * It holds no secret: the session itself is an HttpOnly cookie the page cannot read.
 */
const DEVICE_USER_KEY = 'meterswap.deviceUser';

export function readDeviceUser(store: KeyValueStore): Me | null {
  const raw = store.get(DEVICE_USER_KEY);
  if (raw === null) return null;
  try {
    const parsed = Me.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveDeviceUser(store: KeyValueStore, me: Me): void {
  store.set(DEVICE_USER_KEY, JSON.stringify(me));
}

export function clearDeviceUser(store: KeyValueStore): void {
  store.remove(DEVICE_USER_KEY);
}
