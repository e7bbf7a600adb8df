import { Dexie, type EntityTable } from 'dexie';
import type { Me } from '../domain/users/auth';
import { ROLES } from '../domain/users/roles';
import type { KeyValueStore } from '../platform';

/**
 * The last user who signed in on this device, so the app opens offline straight to their work.
 * It holds no secret: the session itself is an HttpOnly cookie the page cannot read.
 *
 * Kept in IndexedDB with strict durability, not in localStorage: Chromium writes localStorage to disk lazily, so a
 * phone killed within seconds of signing in reopened on the sign-in screen, which needs a network: a technician
 * offline in a village was locked out of his own device's data. A commit here is on disk before it reports success.
 */
export const DEVICE_DATABASE_NAME = 'meterswap-device';

/** Where versions before the move kept the user; read once to carry it over, then removed. */
export const LEGACY_DEVICE_USER_KEY = 'meterswap.deviceUser';

/**
 * One row under the key `user`. `me: null` means "signed out": the row is kept rather than deleted, so a legacy
 * localStorage value that a kill brought back (its removal not yet flushed) is never carried over again.
 */
interface DeviceUserRow {
  key: 'user';
  me: Me | null;
}

/** The device's own database, shared by every user of the device (the per-user databases are in database.ts). */
class DeviceDatabase extends Dexie {
  declare readonly device: EntityTable<DeviceUserRow, 'key'>;

  constructor(name: string) {
    // 'strict': Chrome flushes the commit to disk before reporting success (its default is 'relaxed').
    super(name, { chromeTransactionDurability: 'strict' });
    // Version blocks are append-only: never edit a released block, add version(2) with an upgrade.
    this.version(1).stores({ device: 'key' });
  }
}

export interface DeviceUserStore {
  /** The signed-in user of this device, or null; carries a value from older versions over on first use. */
  read(): Promise<Me | null>;
  /** Resolves once the user is on disk. */
  save(me: Me): Promise<void>;
  /** Forgets the user (sign-out); resolves once that is on disk. */
  clear(): Promise<void>;
}

/**
 * The device user kept in the IndexedDB database `name` (tests give each their own); `legacy` is where older
 * versions kept it (localStorage in the browser).
 */
export function deviceUserStore(legacy: KeyValueStore, name: string = DEVICE_DATABASE_NAME): DeviceUserStore {
  // Dexie opens on the first query: constructing the store touches nothing.
  const db = new DeviceDatabase(name);
  const put = async (me: Me | null) => {
    await db.device.put({ key: 'user', me });
  };
  return {
    async read() {
      const row = await db.device.get('user');
      if (row !== undefined) return isMe(row.me) ? row.me : null;
      // Never written: a device updated from a version that kept its user in localStorage (or a new device).
      const carried = parseLegacy(legacy.get(LEGACY_DEVICE_USER_KEY));
      if (carried !== null) {
        await put(carried);
        // Only once the row is on disk: a kill in between leaves the old value to carry over again.
        legacy.remove(LEGACY_DEVICE_USER_KEY);
      }
      return carried;
    },
    save: (me) => put(me),
    async clear() {
      await put(null);
      // A carried-over value whose removal a kill undid would otherwise keep the user's name on the device.
      legacy.remove(LEGACY_DEVICE_USER_KEY);
    },
  };
}

function parseLegacy(raw: string | null): Me | null {
  if (raw === null) return null;
  try {
    const stored: unknown = JSON.parse(raw);
    return isMe(stored) ? stored : null;
  } catch {
    return null;
  }
}

/**
 * The stored user is what this app wrote itself, checked field by field rather than with the `Me` schema: this
 * runs on every start, before the list shows, and a schema would load zod onto that path.
 */
function isMe(value: unknown): value is Me {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const text = (x: unknown) => typeof x === 'string';
  const textOrNull = (x: unknown) => x === null || typeof x === 'string';
  return (
    text(v.id) &&
    text(v.username) &&
    text(v.displayName) &&
    (ROLES as readonly unknown[]).includes(v.role) &&
    textOrNull(v.teamId) &&
    textOrNull(v.teamName)
  );
}
