import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addPhoto, expectAccessible, fillMeterSteps, makeJpeg, readLocalState } from './captureHelpers';
import { chooseLanguage, DEMO_PASSWORD, signIn, waitForServiceWorker, workOrderRows } from './helpers';

// tech5's work orders (team Cà Mau): rows still "Chưa thực hiện", so the journeys never pick one another's.

/** ≈ 651 m north of a site, in degrees of latitude: the failed visit of the walk-through that passed without a word. */
const FAR_NORTH = 651 / 111_195;
const FAR_WARNING = 'Vị trí cách điểm công việc 651 m (quá 200 m). Đo lại, hoặc ghi lý do để tiếp tục.';
const REASON_REQUIRED = 'Ghi lý do vẫn tiếp tục với vị trí này.';

interface VisitView {
  reason: string;
  gpsNote?: string;
  flags: string[];
}

/** The `count` first work orders of the list nobody has touched yet, with their exact sites (read online, from the API). */
async function untouched(page: Page, count: number): Promise<{ id: string; lat: number; lng: number }[]> {
  const rows = workOrderRows(page).filter({ hasText: 'Chưa thực hiện' });
  await expect(rows.first()).toBeVisible();
  const found: { id: string; lat: number; lng: number }[] = [];
  for (let i = 0; i < count; i++) {
    const id = ((await rows.nth(i).getAttribute('href')) ?? '').split('/').pop() ?? '';
    const response = await page.request.get(`/api/v1/work-orders/${id}`);
    expect(response.status()).toBe(200);
    const { lat, lng } = (await response.json()) as { lat: number; lng: number };
    found.push({ id, lat, lng });
  }
  return found;
}

/** The work order as the team's supervisor sees it on the server. */
async function serverDetail(page: Page, id: string): Promise<{ status: string; visits: VisitView[] }> {
  const supervisor = await page.context().browser()?.newContext();
  if (supervisor === undefined) throw new Error('no browser');
  const api = supervisor.request;
  expect(
    (await api.post(new URL('/api/v1/auth/login', page.url()).href, { data: { username: 'supervisor2', password: DEMO_PASSWORD } })).status(),
  ).toBe(200);
  const detail = (await (await api.get(new URL(`/api/v1/work-orders/${id}`, page.url()).href)).json()) as { status: string; visits: VisitView[] };
  await supervisor.close();
  return detail;
}

/**
 * The technician's header at every width down to 320 px: one row no taller than 64 px, three targets of at least 48 × 48 px
 * side by side inside the screen, the status chip on one line with nothing cut off.
 */
async function expectHeaderFits(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const header = await page.locator('header.header').boundingBox();
  expect(header?.height ?? Infinity).toBeLessThanOrEqual(64);
  const targets = [page.getByTestId('account-button'), page.getByTestId('status-chip'), page.getByRole('button', { name: /^(Đồng bộ|Sync)$/ })];
  let right = 0;
  for (const target of targets) {
    const box = await target.boundingBox();
    if (box === null) throw new Error('a header target is not visible');
    expect(box.width).toBeGreaterThanOrEqual(48);
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.x).toBeGreaterThanOrEqual(right);
    right = box.x + box.width;
  }
  expect(right).toBeLessThanOrEqual(width);
  expect(await page.locator('header.header').evaluate((el) => el.scrollWidth <= el.clientWidth), `header overflows at ${width} px`).toBe(true);
  // The chip's two lines (connection, what waits) each stay on one line: nothing cut off, nothing wrapped.
  const parts = await page
    .getByTestId('status-chip')
    .locator('.status-chip__network, .status-chip__waiting')
    .evaluateAll((els) =>
      els.map((el) => ({
        text: el.textContent,
        overflows: el.scrollWidth > el.clientWidth,
        lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
      })),
    );
  for (const part of parts) {
    expect(part.overflows, `"${part.text}" cut off at ${width} px`).toBe(false);
    expect(part.lines, `"${part.text}" wraps at ${width} px`).toBeLessThanOrEqual(1);
  }
}

/** The screen at 360 × 740, 320 × 740 and 1280 × 800, in Vietnamese and English, with the header checked at each. */
async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = process.env.UX_SHOTS_DIR ?? testInfo.outputPath('screens');
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  for (const language of ['Tiếng Việt', 'English'] as const) {
    await chooseLanguage(page, language);
    for (const size of [
      { width: 360, height: 740 },
      { width: 320, height: 740 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(size);
      await expectHeaderFits(page);
      await page.screenshot({ path: join(dir, `${name}-${language === 'English' ? 'en' : 'vi'}-${size.width}.png`) });
    }
  }
  await chooseLanguage(page, 'Tiếng Việt');
  if (original !== null) await page.setViewportSize(original);
}

test.describe('a failed visit, on a phone offline', () => {
  test('is recorded straight from the work order: no start that never happened, one visit.fail through the outbox', async ({
    page,
    context,
  }, testInfo) => {
    test.setTimeout(180_000);
    await context.grantPermissions(['geolocation']);
    await signIn(page, 'tech5');
    await waitForServiceWorker(page);
    await shoot(page, testInfo, 'list');
    const [site] = await untouched(page, 1);
    if (site === undefined) throw new Error('no untouched work order');
    await page.goto(`/work-orders/${site.id}`);
    await context.setGeolocation({ latitude: site.lat + 0.0002, longitude: site.lng, accuracy: 9 });
    await context.setOffline(true);
    await expect(page.getByTestId('status-chip')).toContainText('Ngoại tuyến');
    await expect(page.getByRole('button', { name: 'Bắt đầu' })).toBeVisible();
    await shoot(page, testInfo, 'work-order');

    await page.getByRole('button', { name: 'Không thực hiện được' }).click();
    await expect(page.getByRole('heading', { name: 'Không thực hiện được', exact: true })).toBeVisible();
    // Opening the form records nothing: the technician may still go back.
    expect((await readLocalState(page)).outbox).toEqual([]);
    await page.getByLabel('Lý do', { exact: true }).selectOption('KV01');
    await page.getByRole('radio', { name: 'Đã gọi', exact: true }).check();
    await page.getByLabel('Ghi chú').fill('Nhà khoá cửa, hàng xóm nói cả nhà đi vắng');
    await addPhoto(page, 'failure_evidence', await makeJpeg(page, 'PREMISES'), 1);
    // 22 m from the site: nothing to explain.
    await expect(page.getByTestId('failure-fix')).toContainText('cách điểm công việc 22 m');
    await expect(page.getByLabel('Lý do vẫn tiếp tục')).toHaveCount(0);
    await expectAccessible(page, 'the failed-visit form');
    await shoot(page, testInfo, 'failed-visit-form');

    await page.getByRole('button', { name: 'Ghi nhận không thực hiện được' }).click();
    await expect(page.getByRole('heading', { name: 'Đã ghi nhận không thực hiện được', exact: true })).toBeVisible();
    const local = await readLocalState(page);
    expect(local.outbox.map((row) => [row.seq, row.name])).toEqual([[1, 'visit.fail']]);
    expect(local.outbox[0]?.args).toMatchObject({ workOrderId: site.id, reason: 'KV01', called: true });
    expect(local.outbox[0]?.args).not.toHaveProperty('gpsNote');
    // The record and its photo, counted once, in the one place the header counts.
    await expect(page.getByTestId('status-waiting')).toHaveText('2 chờ gửi');
    await page.goto(`/work-orders/${site.id}`);
    await expect(page.getByText(/^Không thực hiện được lúc .*KV01 – Khách hàng vắng nhà$/)).toBeVisible();

    await context.setOffline(false);
    await expect(page.getByTestId('status-waiting')).toHaveText('Đã gửi hết', { timeout: 30_000 });
    const detail = await serverDetail(page, site.id);
    expect(detail.status).toBe('failed_visit');
    expect(detail.visits).toEqual([expect.objectContaining({ reason: 'KV01', flags: [] })]);
  });

  test('651 m from the site asks for the reason a swap asks for there, in the same words', async ({ page, context }, testInfo) => {
    test.setTimeout(240_000);
    await context.grantPermissions(['geolocation']);
    await signIn(page, 'tech5');
    await waitForServiceWorker(page);
    const [site, swapSite] = await untouched(page, 2);
    if (site === undefined || swapSite === undefined) throw new Error('no untouched work orders');
    await page.goto(`/work-orders/${site.id}`);
    await context.setGeolocation({ latitude: site.lat + FAR_NORTH, longitude: site.lng, accuracy: 9 });
    await context.setOffline(true);

    await page.getByRole('button', { name: 'Không thực hiện được' }).click();
    await page.getByLabel('Lý do', { exact: true }).selectOption('KV11');
    await expect(page.getByTestId('failure-fix')).toContainText('cách điểm công việc 651 m');
    await expect(page.getByText(FAR_WARNING)).toBeVisible();
    await page.getByRole('button', { name: 'Ghi nhận không thực hiện được' }).click();
    await expect(page.getByText(REASON_REQUIRED)).toBeVisible();
    await expect(page.getByLabel('Lý do vẫn tiếp tục')).toBeFocused();
    expect((await readLocalState(page)).outbox).toEqual([]);
    await expectAccessible(page, 'the failed-visit form, far from the site');
    await shoot(page, testInfo, 'failed-visit-far');

    await page.getByLabel('Lý do vẫn tiếp tục').fill('Đường vào xóm bị ngập, đứng ở đầu đường');
    await page.getByRole('button', { name: 'Ghi nhận không thực hiện được' }).click();
    await expect(page.getByRole('heading', { name: 'Đã ghi nhận không thực hiện được', exact: true })).toBeVisible();
    const [visit] = (await readLocalState(page)).outbox;
    expect(visit).toMatchObject({ seq: 1, name: 'visit.fail', args: { reason: 'KV11', gpsNote: 'Đường vào xóm bị ngập, đứng ở đầu đường' } });

    // A swap begun 651 m from its site: the location step says the same and asks the same.
    await page.goto(`/work-orders/${swapSite.id}`);
    await context.setGeolocation({ latitude: swapSite.lat + FAR_NORTH, longitude: swapSite.lng, accuracy: 9 });
    await fillMeterSteps(page, { label: 'FAR', installedSerial: 'FV0651001', sealCode: 'CM-651' });
    await expect(page.getByRole('heading', { name: 'Vị trí', exact: true })).toBeVisible();
    await expect(page.getByText(FAR_WARNING)).toBeVisible();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByText(REASON_REQUIRED)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Vị trí', exact: true })).toBeVisible();
    await shoot(page, testInfo, 'capture-location-far');
    await page.getByLabel('Lý do vẫn tiếp tục').fill('Đường vào xóm bị ngập');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();

    // Online: the visit reaches the server with its reason, and its position is flagged as a swap's would be.
    await context.setOffline(false);
    await expect(page.getByTestId('status-waiting')).toHaveText('Đã gửi hết', { timeout: 30_000 });
    const detail = await serverDetail(page, site.id);
    expect(detail.status).toBe('failed_visit');
    expect(detail.visits).toEqual([
      expect.objectContaining({ reason: 'KV11', gpsNote: 'Đường vào xóm bị ngập, đứng ở đầu đường', flags: ['gps_far_from_site'] }),
    ]);
  });
});
