import type { PwaUpdate } from '../runtime/pwaUpdate';

/** How often an open app asks the server whether a new version exists (technicians leave it open all day). */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60_000;

/** Registers the service worker (production builds only) and feeds `update`. */
export async function registerServiceWorker(update: PwaUpdate): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { registerSW } = await import('virtual:pwa-register');
  const updateSW = registerSW({
    onNeedRefresh: () => update.updateWaiting(() => activateAndReload(updateSW)),
    onRegisteredSW: (_url, registration) => {
      if (registration === undefined) return;
      update.updateCheckAvailable(() => void registration.update());
      setInterval(() => {
        if (navigator.onLine) void registration.update();
      }, UPDATE_CHECK_INTERVAL_MS);
    },
  });
}

/**
 * Runs only after the user tapped "Cập nhật": tells the waiting worker to activate and reloads
 * once it controls the page. The reload is ours, not the plugin's: the plugin reloads only pages
 * that were already controlled when they loaded, so the session that first installed the app
 * would otherwise keep running the old code under the new worker.
 */
async function activateAndReload(sendSkipWaiting: () => Promise<void>): Promise<void> {
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) return;
    reloading = true;
    window.location.reload();
  });
  await sendSkipWaiting();
}
