/**
 * Service worker, built by vite-plugin-pwa's injectManifest strategy (vite.config.ts).
 *
 * It makes the app shell (HTML, JS, CSS, icons) available offline and keeps map tiles seen. It never
 * handles /api/*: sync and photo requests must reach the network or fail visibly, so the
 * page's own outbox and pull loop (src/sync) decide what to retry. A cached API answer would
 * show stale work orders as fresh; Workbox background-sync would queue pushes where the app
 * cannot see them, drop them after 7 days and treat HTTP errors as delivered (design §5).
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { MAX_CACHED_TILES, TILE_CACHE_NAME } from '../domain/map/tiles';
import { SHELL_NAVIGATION_DENYLIST } from './navigation';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

/** The static routing API (Chromium 123+): routes the browser follows without waking this worker. */
interface RouterRule {
  condition: { urlPattern: unknown; requestMethod?: string };
  source: 'network';
}
type InstallEventWithRoutes = ExtendableEvent & { addRoutes?: (rules: RouterRule | RouterRule[]) => Promise<void> };

// /api/* never touches this worker (above), yet with a fetch handler registered every API request, each photo's
// upload body included, would still be handed to it and fall back to the network only once it declined: a wake-up
// and a copy of the body per request, measured as a large share of the device's CPU while a day's photos drain
// (issue 14). Where the browser has static routing, it sends /api/* straight to the network. Elsewhere nothing
// changes: the handler declines as before.
self.addEventListener('install', (event) => {
  const routes = event as InstallEventWithRoutes;
  if (typeof routes.addRoutes !== 'function' || typeof URLPattern !== 'function') return;
  event.waitUntil(
    routes
      .addRoutes({ condition: { urlPattern: new URLPattern({ pathname: '/api/*' }) }, source: 'network' })
      .catch((error: unknown) => console.warn('static routing not available', error)),
  );
});

// The build replaces __WB_MANIFEST with every shell file and its revision hash. Precaching
// (rather than runtime caching) means the whole version is downloaded at install time, while
// there is signal, and a half-updated shell can never be served.
precacheAndRoute(self.__WB_MANIFEST);

// Old precaches from earlier Workbox versions would otherwise stay on the phone's small disk.
cleanupOutdatedCaches();

// Deep links (/work-orders/…) opened offline get the precached index.html; the router in the
// page takes it from there. /api/ navigations are excluded so they are never answered with HTML, and so are the
// pages the server renders for people signed out (SHELL_NAVIGATION_DENYLIST: /cong-khai/, /bien-ban/).
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [...SHELL_NAVIGATION_DENYLIST] }));

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

// Map tiles (the technician's route map): cache-first, so a tile seen once shows again offline. The tile
// server is configured at run time (TILE_URL), so tiles are recognised by their `/{z}/{x}/{y}.png` path on
// any origin rather than by host; /api/ is excluded by name so an API answer can never land in this cache.
// Cross-origin tiles loaded by <img> are opaque (status 0): accepted, since an opaque 404 cannot be told
// apart anyway and the next view refetches after expiry. The cache is capped at MAX_CACHED_TILES entries,
// least recently used first out (workbox-expiration), and is emptied rather than failing the app when the
// origin's storage quota is hit (opaque responses are padded by Chrome when counted against the quota).
const TILE_PATH = /\/\d{1,2}\/\d+\/\d+(?:@2x)?\.(?:png|jpe?g|webp)$/;
registerRoute(
  ({ url, request }) => request.method === 'GET' && !url.pathname.startsWith('/api/') && TILE_PATH.test(url.pathname),
  new CacheFirst({
    cacheName: TILE_CACHE_NAME,
    plugins: [new CacheableResponsePlugin({ statuses: [0, 200] }), new ExpirationPlugin({ maxEntries: MAX_CACHED_TILES, purgeOnQuotaError: true })],
  }),
);
