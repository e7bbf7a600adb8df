import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './captureHelpers';
import { signInToConsole } from './helpers';

/** A date far ahead: the orders assigned here stay off tech4's today list, which sign-out.spec.ts reads. */
const PARKED_DATE = '2099-12-30';

type Point = { x: number; y: number };

/**
 * Leaflet reads two taps less than 200 ms apart as a double-tap, wherever they land, and a double-tap closes the
 * polygon. A finger placing corners is slower than that: so are these taps.
 */
const BETWEEN_TAPS_MS = 300;

async function tapCorners(page: Page, corners: readonly Point[]): Promise<void> {
  for (const [i, corner] of corners.entries()) {
    if (i > 0) await page.waitForTimeout(BETWEEN_TAPS_MS);
    await page.touchscreen.tap(corner.x, corner.y);
  }
}

/** The corners of a square around the map's centre, `share` of its height a side: top-left first, clockwise. */
async function squareOnMap(page: Page, share: number): Promise<Point[]> {
  const box = await page.locator('.map-view').boundingBox();
  if (!box) throw new Error('map not visible');
  // Whole pixels: a finger's drag and its taps land on the same points, so an order near an edge is inside both
  // shapes or neither.
  const half = Math.round((box.height * share) / 2);
  const cx = Math.round(box.x + box.width / 2);
  const cy = Math.round(box.y + box.height / 2);
  return [
    { x: cx - half, y: cy - half },
    { x: cx + half, y: cy - half },
    { x: cx + half, y: cy + half },
    { x: cx - half, y: cy + half },
  ];
}

/**
 * One finger pressed at `from`, moved to `to` over half a second, held still, and lifted (Playwright's touchscreen
 * only taps). The event times are given: sent at CDP speed, the drag would end as a fling, and Chromium swallows the
 * tap that stops a fling, as a phone does.
 */
async function touchDrag(page: Page, from: Point, to: Point): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const startS = Date.now() / 1000;
  const steps = 10;
  const send = (type: 'touchStart' | 'touchMove' | 'touchEnd', atS: number, point?: Point) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: point ? [point] : [], timestamp: startS + atS });
  await send('touchStart', 0, from);
  for (let i = 1; i <= steps; i += 1) {
    await send('touchMove', i * 0.05, { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps });
  }
  await send('touchMove', steps * 0.05 + 0.2, to);
  await send('touchEnd', steps * 0.05 + 0.25);
  await cdp.detach();
}

async function selectedCount(page: Page): Promise<number> {
  const heading = page.getByRole('heading', { name: /Đã chọn \d+ công việc/ });
  await expect(heading).toBeVisible();
  return Number(/(\d+)/.exec((await heading.textContent()) ?? '')?.[1]);
}

/** Polygon mode on, and its drawing code loaded (geoman marks the map while it draws). */
async function polygonMode(page: Page, how: 'tap' | 'click'): Promise<void> {
  await page.getByRole('button', { name: 'Vẽ đa giác' })[how]();
  await expect(page.locator('.map-view.geoman-draw-cursor')).toHaveCount(1);
}

/** The corner dots of the polygon being drawn (geoman's markers, less its hidden pointer-following one). */
const corners = (page: Page) => page.locator('.map-view .marker-icon:not(.cursor-marker)');

/** Unassigned work in the first demo commune of the signed-in supervisor's team: the map fits itself to it. */
async function unassignedInOneCommune(page: Page, how: 'tap' | 'click'): Promise<void> {
  await expect(page.locator('.map-cluster').first()).toBeVisible();
  await page.getByText('Mọi trạng thái')[how]();
  await page.getByRole('checkbox', { name: 'Chưa phân công' })[how]();
  await page.locator('.map-filters__summary')[how]();
  const communes = await page.getByLabel('Xã/phường').locator('option').allTextContents();
  // The first whose name starts with a letter (console-hostile-import.spec.ts adds one that starts with markup).
  const commune = communes.slice(1).find((name) => /^\p{L}/u.test(name));
  if (commune === undefined) throw new Error(`no demo commune in ${communes.join(', ')}`);
  await page.getByLabel('Xã/phường').selectOption({ label: commune });
  await expect(page.getByTestId('map-list-count')).toContainText(/Đang hiển thị \d+ \/ [\d.]+/);
}

test.describe('with a mouse', () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

  test('the supervisor clicks a polygon and closes it with a double-click, as before', async ({ page }) => {
    await signInToConsole(page, 'supervisor2');
    await unassignedInOneCommune(page, 'click');
    await polygonMode(page, 'click');
    const [a, b, c, d] = await squareOnMap(page, 0.6);
    if (!a || !b || !c || !d) throw new Error('no square');
    for (const corner of [a, b, c]) await page.mouse.click(corner.x, corner.y);
    await expect(corners(page)).toHaveCount(3);
    await page.mouse.dblclick(d.x, d.y);
    expect(await selectedCount(page)).toBeGreaterThanOrEqual(2);
    await expect(corners(page)).toHaveCount(0);
    // In rectangle mode a press that does not drag is still a click on what is under it: a cluster selects its orders.
    await page.getByRole('button', { name: 'Bỏ chọn' }).click();
    await page.getByRole('button', { name: 'Chọn vùng' }).click();
    const cluster = page.locator('.map-cluster-icon[title]').first();
    const inCluster = Number(await cluster.getAttribute('title'));
    await cluster.click();
    expect(await selectedCount(page)).toBe(inCluster);
  });
});

test.describe('on a touch tablet', () => {
  // A supervisor's tablet: 1280×800 with a touchscreen; every drawing gesture here is a finger's.
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: true, deviceScaleFactor: 1 });

  test('the supervisor drags a rectangle, taps a polygon around the same orders and assigns them', async ({ page }, testInfo) => {
    await signInToConsole(page, 'supervisor2');
    await unassignedInOneCommune(page, 'tap');
    const [a, b, c, d] = await squareOnMap(page, 0.6);
    if (!a || !b || !c || !d) throw new Error('no square');

    // A finger's drag draws a rectangle, as a mouse's does.
    await page.getByRole('button', { name: 'Chọn vùng' }).tap();
    await touchDrag(page, a, c);
    const inRectangle = await selectedCount(page);
    expect(inRectangle).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Bỏ chọn' }).tap();
    await expect(page.getByRole('heading', { name: /Đã chọn \d+ công việc/ })).toHaveCount(0);

    // The same square as a polygon: a tap per corner; the corners show, and nothing on screen fails axe meanwhile.
    await polygonMode(page, 'tap');
    await tapCorners(page, [a, b, c, d]);
    await expect(corners(page)).toHaveCount(4);
    await page.screenshot({ path: testInfo.outputPath('console-map-polygon-1280x800.png') });
    await expectAccessible(page, 'console map while drawing a polygon');
    // A tap on the first corner closes it: the orders inside are selected, the same ones as the rectangle's.
    await page.touchscreen.tap(a.x, a.y);
    expect(await selectedCount(page)).toBe(inRectangle);
    await expect(corners(page)).toHaveCount(0);

    const technicians = (await (await page.request.get('/api/v1/technicians')).json()) as {
      items: { id: string; username: string; displayName: string }[];
    };
    const tech4 = technicians.items.find((t) => t.username === 'tech4');
    if (!tech4) throw new Error('tech4 missing');
    await page.getByLabel('Giao cho').selectOption(tech4.id);
    await page.getByLabel('Ngày thực hiện').fill(PARKED_DATE);
    const assignRequest = page.waitForRequest((r) => r.url().endsWith('/api/v1/assignments') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Phân công', exact: true }).tap();
    const body = (await assignRequest).postDataJSON() as { workOrderIds: string[]; technicianId: string; plannedDate: string };
    expect(body).toMatchObject({ technicianId: tech4.id, plannedDate: PARKED_DATE });
    expect(body.workOrderIds).toHaveLength(inRectangle);
    await expect(page.getByRole('status').filter({ hasText: `Đã giao ${inRectangle} công việc cho ${tech4.displayName}` })).toBeVisible();

    // A phone-sized screen: the map with a polygon being drawn.
    await page.setViewportSize({ width: 360, height: 740 });
    await polygonMode(page, 'tap');
    await page.locator('.map-view').evaluate((map) => map.scrollIntoView({ block: 'center' }));
    const [p, q, r] = await squareOnMap(page, 0.5);
    if (!p || !q || !r) throw new Error('no square');
    await tapCorners(page, [p, q, r]);
    await expect(corners(page)).toHaveCount(3);
    await page.screenshot({ path: testInfo.outputPath('console-map-polygon-360x740.png') });
  });
});
