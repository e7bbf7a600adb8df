import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, screenshots } from './captureHelpers';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';

// tech1's work orders are only read here. The e2e starter serves fake tiles from another origin (TILE_URL),
// the way a real tile server would be: opaque answers the service worker caches.

const TILE_CACHE = 'tiles-v1';

async function cachedTileUrls(page: Page): Promise<string[]> {
  return page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => request.url);
  }, TILE_CACHE);
}

async function expectRouteStops(page: Page) {
  const map = page.getByTestId('route-map');
  await map.scrollIntoViewIfNeeded();
  await expect(map).toBeVisible();
  await expect(map.locator('.route-stop--current')).toHaveCount(1);
  expect(await map.locator('.route-stop').count()).toBeGreaterThanOrEqual(2);
  // The route line joins the stops in visiting order.
  await expect(map.locator('path.route-map__line')).toHaveCount(1);
  return map;
}

test.describe('route map on the work-order screen', () => {
  test("shows today's numbered stops, caches the tiles seen, and still shows the route offline", async ({ page, context }, testInfo) => {
    test.setTimeout(120_000);
    // Location already allowed (as after a first check-in): the map shows where the technician is.
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 19.8065, longitude: 105.7808, accuracy: 10 });
    await signIn(page, 'tech1');
    await expect(workOrderRows(page)).not.toHaveCount(0);
    await waitForServiceWorker(page);
    await workOrderRows(page).nth(2).click();
    await expect(page.getByRole('heading', { name: 'Lộ trình hôm nay' })).toBeVisible();
    const map = await expectRouteStops(page);
    await expect(page.getByText(/^Công việc này là điểm \d+ trên \d+ điểm$/)).toBeVisible();
    await expect(map.locator('path.route-map__me')).toHaveCount(1);
    // The configured source does not permit bulk download (the default): the download is never offered.
    await expect(page.getByRole('button', { name: 'Tải bản đồ tuyến' })).toHaveCount(0);

    // Tiles seen online land in the service worker's cache, and the config is kept on the device.
    await expect(map.locator('img.leaflet-tile-loaded').first()).toBeVisible({ timeout: 20_000 });
    await expect.poll(async () => (await cachedTileUrls(page)).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const cached = await cachedTileUrls(page);
    expect(cached.every((url) => /\/tiles\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('meterswap.mapConfig'))).toContain('/tiles/{z}/{x}/{y}.png');
    await expectAccessible(page, 'work order with route map');
    await screenshots(page, testInfo, 'route-map-online');
    await map.screenshot({ path: join(process.env.CAPTURE_SHOTS_DIR ?? testInfo.outputPath('screens'), 'route-map-element.png') });

    // Offline reload: the page, the stops and the tiles already seen all come from the device.
    await context.setOffline(true);
    const reload = await page.reload();
    expect(reload?.fromServiceWorker()).toBe(true);
    const offlineMap = await expectRouteStops(page);
    await expect(offlineMap.locator('img.leaflet-tile-loaded').first()).toBeVisible({ timeout: 20_000 });
    await screenshots(page, testInfo, 'route-map-offline');

    // Offline with no tile cached: the stops still show, on the plain background.
    await page.evaluate((name) => caches.delete(name), TILE_CACHE);
    await page.reload();
    const bare = await expectRouteStops(page);
    await expect(bare.locator('img.leaflet-tile-loaded')).toHaveCount(0);
    await screenshots(page, testInfo, 'route-map-no-tiles');
    await context.setOffline(false);
  });

  test('where the tile source permits it, "Tải bản đồ tuyến" fills the tile cache for the route, with progress', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    // The e2e server keeps TILE_BULK_DOWNLOAD off; this page sees a config that permits it (same tiles).
    await page.route('**/api/v1/map/config', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, bulkDownload: true } });
    });
    await signIn(page, 'tech1');
    await waitForServiceWorker(page);
    await workOrderRows(page).nth(4).click();
    const download = page.getByRole('button', { name: 'Tải bản đồ tuyến' });
    await download.scrollIntoViewIfNeeded();
    const before = (await cachedTileUrls(page)).length;
    await download.click();
    const done = page.getByText(/^Đã tải \d+ ô bản đồ\./);
    await expect(done).toBeVisible({ timeout: 60_000 });
    const count = Number(/\d+/.exec((await done.textContent()) ?? '')?.[0]);
    expect(count).toBeGreaterThan(20);
    const cached = await cachedTileUrls(page);
    expect(cached.length).toBeGreaterThanOrEqual(Math.max(before, count));
    // Zooms 13 to 17 around the route.
    expect(new Set(cached.map((url) => /\/tiles\/(\d+)\//.exec(url)?.[1])).size).toBeGreaterThanOrEqual(5);
    await screenshots(page, testInfo, 'route-map-downloaded');
  });
});
