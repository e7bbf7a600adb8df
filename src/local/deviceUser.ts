import type { Me } from '../domain/auth';
import { ROLES } from '../domain/roles';
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
    const stored: unknown = JSON.parse(raw);
    return isMe(stored) ? stored : null;
  } catch {
    return null;
  }
}

/**
 * The stored user is what this app wrote itself (`saveDeviceUser`), checked field by field rather than with the
 * `Me` schema: this runs on every start, before the list shows, and a schema would load zod onto that path.
 */
function isMe(value: unknown): value is Me {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const text = (x: unknown) => typeof x === 'string';
  const textOrNull = (x: unknown) => x === null || typeof x === 'string';
  return text(v.id) && text(v.username) && text(v.displayName) && (ROLES as readonly unknown[]).includes(v.role) && textOrNull(v.teamId) && textOrNull(v.teamName);
}

export function saveDeviceUser(store: KeyValueStore, me: Me): void {
  store.set(DEVICE_USER_KEY, JSON.stringify(me));
}

export function clearDeviceUser(store: KeyValueStore): void {
  store.remove(DEVICE_USER_KEY);
}
