/**
 * Service worker, built by vite-plugin-pwa's injectManifest strategy (vite.config.ts).
 *
 * It does one job: make the app shell (HTML, JS, CSS, icons) available offline. It never
 * handles /api/*: sync and photo requests must reach the network or fail visibly, so the
 * page's own outbox and pull loop (src/sync) decide what to retry. A cached API answer would
 * show stale work orders as fresh; Workbox background-sync would queue pushes where the app
 * cannot see them, drop them after 7 days and treat HTTP errors as delivered (design §5).
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

// The build replaces __WB_MANIFEST with every shell file and its revision hash. Precaching
// (rather than runtime caching) means the whole version is downloaded at install time, while
// there is signal, and a half-updated shell can never be served.
precacheAndRoute(self.__WB_MANIFEST);

// Old precaches from earlier Workbox versions would otherwise stay on the phone's small disk.
cleanupOutdatedCaches();

// Deep links (/work-orders/…) opened offline get the precached index.html; the router in the
// page takes it from there. /api/ navigations are excluded so they are never answered with HTML.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// registerType 'prompt': the new version waits until the user taps "Cập nhật" in the page,
// which posts this message. Never skipWaiting on install: the old page would keep running
// against a new worker, and a technician mid-record would be reloaded without asking.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Take control of open pages as soon as this worker activates. On the very first install that
// makes the page that installed it work offline without a reload; after an update it fires the
// page's `controlling` event, which is what reloads the page into the new version (and that
// activation only ever happens after the user tapped "Cập nhật").
clientsClaim();

// Later (map issue): runtime caching of map tiles with an expiration limit goes here.
