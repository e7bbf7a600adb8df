import { devices, expect, test, type Page } from '@playwright/test';
import { drawRectangle, signIn, waitForServiceWorker, workOrderRows, signInToConsole } from './helpers';

/** A date far ahead: the orders moved there at the end leave tech1's today list as the other specs expect it. */
const PARKED_DATE = '2099-12-31';

// The supervisor works on a laptop; tech1 keeps the phone profile in their own browser context.
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/** "Đang hiển thị 100 / 1.077" → 1077 (Vietnamese thousands separator). */
async function totalInView(page: Page): Promise<number> {
  const text = (await page.getByTestId('map-list-count').textContent()) ?? '';
  const match = /\/\s*([\d.]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no count in "${text}"`);
  return Number(match[1].replace(/\./g, ''));
}

test('the supervisor selects unassigned orders on the map, accepts a route and assigns them to tech1, whose device gets them after going online', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  // tech1's phone: signed in, then offline while the supervisor works.
  const phone = await browser.newContext({ ...devices['Pixel 7'], baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const techPage = await phone.newPage();
  await signIn(techPage, 'tech1');
  // The demo data gives every technician 30 work orders for today.
  const before = 30;
  await expect(workOrderRows(techPage)).toHaveCount(before);
  await waitForServiceWorker(techPage);
  await phone.setOffline(true);

  await signInToConsole(page, 'supervisor1');
  await expect(page.getByTestId('map-list-count')).toContainText(/Đang hiển thị \d+ \/ [\d.]+/);
  await expect(page.locator('.map-cluster').first()).toBeVisible();
  const everything = await totalInView(page);
  expect(everything).toBeGreaterThan(100);

  // Only unassigned work, in one commune: the map fits itself to that commune.
  await page.getByText('Mọi trạng thái').click();
  await page.getByRole('checkbox', { name: 'Chưa phân công' }).check();
  await page.locator('.map-filters__summary').click();
  await expect.poll(() => totalInView(page)).toBeLessThan(everything);
  // The first commune of the demo data (console-hostile-import.spec.ts, on the same server, adds one whose name
  // starts with markup and sorts first).
  const communes = await page.getByLabel('Xã/phường').locator('option').allTextContents();
  const demoCommune = communes.slice(1).find((name) => /^\p{L}/u.test(name));
  if (demoCommune === undefined) throw new Error(`no demo commune in ${communes.join(', ')}`);
  await page.getByLabel('Xã/phường').selectOption({ label: demoCommune });
  await expect.poll(() => totalInView(page)).toBeLessThan(everything / 4);

  await page.getByRole('button', { name: 'Chọn vùng' }).click();
  await drawRectangle(page, 0.3);
  const heading = page.getByRole('heading', { name: /Đã chọn \d+ công việc/ });
  await expect(heading).toBeVisible();
  const selected = Number(/(\d+)/.exec((await heading.textContent()) ?? '')?.[1]);
  expect(selected).toBeGreaterThanOrEqual(2);

  const technicians = (await (await page.request.get('/api/v1/technicians')).json()) as {
    items: { id: string; username: string; displayName: string }[];
  };
  const tech1 = technicians.items.find((t) => t.username === 'tech1');
  if (!tech1) throw new Error('tech1 missing');
  await page.getByLabel('Giao cho').selectOption(tech1.id);

  await page.getByRole('button', { name: 'Đề xuất lộ trình' }).click();
  await expect(page.getByTestId('route-summary')).toContainText(`${selected} điểm`);
  await expect(page.locator('.map-route-stop')).toHaveCount(selected);
  await expect(page.locator('.map-route-stop').filter({ hasText: /^1$/ })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('console-map-1280x800.png') });

  const assignRequest = page.waitForRequest((r) => r.url().endsWith('/api/v1/assignments') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Phân công theo lộ trình' }).click();
  const body = (await assignRequest).postDataJSON() as { workOrderIds: string[]; routeOrder?: string };
  expect(body.workOrderIds).toHaveLength(selected);
  expect(body.routeOrder).toBe('given');
  await expect(page.getByRole('status').filter({ hasText: `Đã giao ${selected} công việc cho ${tech1.displayName}` })).toBeVisible();
  // The map reloads: the assigned orders left the "unassigned" filter.
  await expect(heading).toHaveCount(0);

  await page.setViewportSize({ width: 800, height: 1280 });
  await page.screenshot({ path: testInfo.outputPath('console-map-800x1280.png') });

  // Back online, tech1's device syncs and finds the new work, first stop of the route included.
  const first = (await (await page.request.get(`/api/v1/work-orders/${body.workOrderIds[0] ?? ''}`)).json()) as { code: string };
  await phone.setOffline(false);
  // The engine syncs by itself when the connection comes back.
  await expect(workOrderRows(techPage)).toHaveCount(before + selected, { timeout: 30_000 });
  await expect(workOrderRows(techPage).filter({ hasText: first.code })).toHaveCount(1);

  // Park them on a far date so tech1's today list is back to what the other specs expect.
  const parked = await page.request.post('/api/v1/assignments', {
    data: { workOrderIds: body.workOrderIds, technicianId: tech1.id, plannedDate: PARKED_DATE },
  });
  expect(parked.status()).toBe(200);
  await phone.close();
});
