/**
 * What the browser believes about connectivity. `navigator.onLine === true` only means
 * "some network interface is up", so callers still treat a failed request as offline.
 */
export interface NetworkStatus {
  isOnline(): boolean;
  /** Calls `listener` on every `online`/`offline` event; returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}

export const browserNetwork: NetworkStatus = {
  isOnline: () => navigator.onLine,
  subscribe(listener) {
    const onOnline = () => listener(true);
    const onOffline = () => listener(false);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  },
};
