import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../../../sync';

export type Loadable<T> =
  { status: 'loading'; previous: T | undefined } | { status: 'ok'; value: T } | { status: 'error'; error: ApiError; previous: T | undefined };

/**
 * Loads data for a screen and reloads whenever `key` changes (the query, serialised) or `reload()` is called;
 * a null key loads nothing. An answer that arrives after the key moved on is dropped, so a slow request never
 * overwrites a newer one.
 */
export function useApiData<T>(key: string | null, load: () => Promise<ApiResult<T>>): { state: Loadable<T>; reload: () => void } {
  const [nonce, setNonce] = useState(0);
  const [done, setDone] = useState<{ id: string; result: ApiResult<T> } | null>(null);
  const [lastValue, setLastValue] = useState<T | undefined>(undefined);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const id = key === null ? null : `${key}#${nonce}`;
  useEffect(() => {
    if (id === null) return;
    let live = true;
    void loadRef.current().then((result) => {
      if (!live) return;
      setDone({ id, result });
      if (result.ok) setLastValue(result.value);
    });
    return () => {
      live = false;
    };
  }, [id]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const state: Loadable<T> =
    id === null || done?.id !== id
      ? { status: 'loading', previous: lastValue }
      : done.result.ok
        ? { status: 'ok', value: done.result.value }
        : { status: 'error', error: done.result.error, previous: lastValue };
  return { state, reload };
}

/** The value to show: the fresh one, or the last good one while reloading or after a failed reload. */
export function currentValue<T>(state: Loadable<T>): T | undefined {
  return state.status === 'ok' ? state.value : state.previous;
}
