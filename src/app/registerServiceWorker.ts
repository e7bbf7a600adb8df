import type { PwaUpdate } from './pwaUpdate';

/** How often an open app asks the server whether a new version exists (technicians leave it open all day). */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60_000;

/** Registers the service worker (production builds only) and feeds `update`. */
export async function registerServiceWorker(update: PwaUpdate): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { registerSW } = await import('virtual:pwa-register');
  const updateSW = registerSW({
    onNeedRefresh: () => update.updateWaiting(() => updateSW(true)),
    onRegisteredSW: (_url, registration) => {
      if (registration === undefined) return;
      setInterval(() => {
        if (navigator.onLine) void registration.update();
      }, UPDATE_CHECK_INTERVAL_MS);
    },
  });
}
