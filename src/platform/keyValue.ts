/**
 * Small synchronous device settings (language, last signed-in user). localStorage can
 * throw (private mode, quota, disabled storage): every failure reads as "absent".
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export const browserKeyValue: KeyValueStore = {
  get(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // Storage full or disabled: the setting is lost on reload, nothing else breaks.
    }
  },
  remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // See set().
    }
  },
};

export function memoryKeyValue(initial: Record<string, string> = {}): KeyValueStore {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      values.set(key, value);
    },
    remove: (key) => {
      values.delete(key);
    },
  };
}
