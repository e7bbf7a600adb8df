import { createHash, randomUUID } from 'node:crypto';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { E2E_HES_BASE_URL as E2E_BASE_URL } from '../../playwright.config';
import { meterReadingsXml } from '../server/hesFixtures';
import { expectAccessible, screenshots } from './captureHelpers';
import { DEMO_PASSWORD, signIn, signInToConsole, waitForServiceWorker } from './helpers';
import { writeSwapOffline } from './offlineWrites';
import { unassignedWorkOrderIds } from './serverData';

/*
 * "A swap is done when the new meter reads remotely" (issue 17), the journey of its "Done means": tech1 swaps a meter
 * offline and syncs; the head-end's 61968-9 message confirms it, the supervisor sees "Đã xác nhận đo xa" in Đối soát
 * and tech1's phone after its next pull; a second swap gets a reading that disagrees and is in the review queue with
 * both values; a third gets none, and once the (test-shortened: 1 hour, scripts/e2e-server.mjs) deadline has passed
 * the sweep opens a follow-up order "kiểm tra đo xa" that is on the console's map. Run on its own port: E2E_PORT=8650.
 */

interface WireWorkOrder {
  id: string;
  code: string;
  customerCode: string;
  oldMeterSerial: string;
  lastBilledReading: number | null;
  lat: number;
  lng: number;
  version: number;
}
interface Detail {
  completions: { primary: boolean; installed: { serial: string; readings: { total: number } }; commissioning?: { state: string } }[];
}

async function apiAs(username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: E2E_BASE_URL });
  const res = await api.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return api;
}

const photoId = () => createHash('sha256').update(randomUUID()).digest('hex');

/** supervisor1 gives tech1 the order; tech1's phone pushes its swap captured at `at`. Answers the order and the serial. */
async function swapThroughApi(tech: APIRequestContext, supervisor: APIRequestContext, workOrderId: string, at: string) {
  const techId = ((await (await tech.get('/api/v1/auth/me')).json()) as { id: string }).id;
  const assigned = await supervisor.post('/api/v1/assignments', { data: { workOrderIds: [workOrderId], technicianId: techId } });
  expect(assigned.status(), await assigned.text()).toBe(200);
  const wo = (await (await tech.get(`/api/v1/work-orders/${workOrderId}`)).json()) as WireWorkOrder;
  const installed = `HE${randomUUID().slice(0, 8).toUpperCase()}`;
  const args = {
    completionId: randomUUID(),
    workOrderId: wo.id,
    baseVersion: wo.version,
    removed: {
      serial: wo.oldMeterSerial,
      serialMatches: true,
      readings: { total: (wo.lastBilledReading ?? 1000) + 40 },
      sealCondition: 'intact',
      photoIds: [photoId()],
    },
    installed: { serial: installed, readings: { total: 0.5 }, seals: [{ code: 'TH-445566', beads: 2 }], photoIds: [photoId()], remoteRead: 'plc' },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 6, at },
    handover: {
      signerName: 'Trịnh Văn Bảy',
      signerRole: 'customer',
      signaturePhotoId: photoId(),
      cashless: { currentMethod: 'cash', consent: false },
    },
    completedAt: at,
  };
  const mutation = { seq: 1, mutationId: randomUUID(), name: 'swap.complete', createdAt: at, args };
  const push = await tech.post('/api/v1/sync/push', { data: { protocolVersion: 1, clientId: randomUUID(), mutations: [mutation] } });
  expect(push.status(), await push.text()).toBe(200);
  return { wo, installed };
}

test('the head-end confirms a swap, flags a mismatch, and a silent meter gets a follow-up order on the map', async ({
  page,
  context,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const admin = await apiAs('admin');
  const supervisor = await apiAs('supervisor1');
  const tech = await apiAs('tech1');
  const created = await admin.post('/api/v1/api-tokens', { data: { name: 'HES e2e' } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const hes = (xml: string) =>
    request
      .newContext({ baseURL: E2E_BASE_URL })
      .then((c) =>
        c.post('/api/v1/hes/meter-readings', { data: xml, headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` } }),
      );
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  // 1. tech1 swaps a meter offline, then syncs.
  await signIn(page, 'tech1');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  const written = await writeSwapOffline(page);
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Đồng bộ', exact: true }).click();
  let detail: Detail | undefined;
  await expect(async () => {
    detail = (await (await supervisor.get(`/api/v1/work-orders/${written.workOrderId}`)).json()) as Detail;
    expect(detail.completions.find((c) => c.primary)?.commissioning?.state).toBe('awaiting');
  }).toPass({ timeout: 60_000 });
  const first = detail?.completions.find((c) => c.primary);
  if (first === undefined) throw new Error('no completion');

  // 2. The head-end's first reading agrees: confirmed.
  const confirmed = await hes(
    meterReadingsXml(
      [{ serial: first.installed.serial, readAt: minutesAgo(1), total: first.installed.readings.total + 0.4, amrSystem: 'RF-Mesh' }],
      `e2e-${randomUUID()}`,
    ),
  );
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  expect(await confirmed.json()).toMatchObject({ confirmed: 1 });

  const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const desk = await consoleContext.newPage();
  await signInToConsole(desk, 'supervisor1');
  await desk.goto(`/console/reviews?workOrder=${encodeURIComponent(written.workOrderId)}`);
  await expect(desk.getByTestId('review-commissioning')).toContainText('Đã xác nhận đo xa', { timeout: 30_000 });
  await expectAccessible(desk, 'review with remote-read confirmation');
  await desk.screenshot({ path: testInfo.outputPath('screens', 'c1-review-confirmed-1280.png'), fullPage: true });

  // tech1's phone, after a pull.
  await page.goto('/');
  await page.getByRole('button', { name: 'Đồng bộ', exact: true }).click();
  await page.goto(`/work-orders/${written.workOrderId}`);
  await expect(page.getByTestId('commissioning-state')).toHaveAttribute('data-state', 'confirmed', { timeout: 30_000 });
  await expect(page.getByTestId('commissioning-state')).toContainText('Đã xác nhận đo xa');
  await expectAccessible(page, 'work order confirmed by remote reading');
  await screenshots(page, testInfo, 'c2-phone-confirmed');

  // 3. A second swap gets a reading that disagrees: in the review queue with both values.
  const ids = unassignedWorkOrderIds('Thanh Hóa', 400);
  const [secondId, thirdId] = ids.slice(-2);
  if (secondId === undefined || thirdId === undefined) throw new Error('no unassigned orders left');
  const second = await swapThroughApi(tech, supervisor, secondId, minutesAgo(30));
  const mismatch = await hes(meterReadingsXml([{ serial: second.installed, readAt: minutesAgo(2), total: 8765.4 }]));
  expect(await mismatch.json()).toMatchObject({ mismatched: 1 });
  await desk.goto(`/console/reviews?workOrder=${encodeURIComponent(secondId)}`);
  await expect(desk.getByTestId('review-commissioning')).toContainText('Đo xa sai lệch', { timeout: 30_000 });
  await expect(desk.getByText(/Hệ thống đo xa đọc công tơ .* được 8\.765,4 kWh.*chỉ số treo ghi trong biên bản là 0,5 kWh/)).toBeVisible();
  await expectAccessible(desk, 'review with a remote-read mismatch');
  await desk.screenshot({ path: testInfo.outputPath('screens', 'c3-review-mismatch-1280.png'), fullPage: true });

  // 4. A third swap, captured two hours ago, gets no reading: past the deadline the sweep opens the follow-up order.
  const third = await swapThroughApi(tech, supervisor, thirdId, minutesAgo(120));
  let followUp: { id: string; code: string } | undefined;
  await expect(async () => {
    const list = await supervisor.get(`/api/v1/work-orders?q=${encodeURIComponent(`${third.wo.code}-KTDX`)}`);
    const items = ((await list.json()) as { items: { id: string; code: string; reason: string | null; status: string; customerCode: string }[] })
      .items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ reason: 'kiểm tra đo xa', status: 'unassigned', customerCode: third.wo.customerCode });
    followUp = items[0];
  }).toPass({ timeout: 60_000 });
  const map = await supervisor.get('/api/v1/work-orders/map?status=unassigned');
  expect(await map.text()).toContain(followUp?.id ?? 'missing');
  const thirdDetail = (await (await supervisor.get(`/api/v1/work-orders/${thirdId}`)).json()) as Detail;
  expect(thirdDetail.completions.find((c) => c.primary)?.commissioning?.state).toBe('overdue');

  // The console's map shows it among the unassigned orders to dispatch; Tiến độ counts all three.
  await desk.goto(`/console/map?q=${encodeURIComponent(followUp?.code ?? '')}`);
  await desk.screenshot({ path: testInfo.outputPath('screens', 'c4-map-follow-up-1280.png') });
  await desk.goto('/console/dashboard');
  const panel = desk.getByTestId('commissioning-panel');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expectAccessible(desk, 'progress with remote-read confirmation');
  await panel.screenshot({ path: testInfo.outputPath('screens', 'c5-dashboard-commissioning-1280.png') });
  await consoleContext.close();

  // The admin's token list: the token made above is live and was used, and is never shown again.
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const adminPage = await adminContext.newPage();
  await signInToConsole(adminPage, 'admin');
  await adminPage.goto('/console/users');
  const tokens = adminPage.getByTestId('api-tokens');
  await expect(tokens.getByRole('row', { name: /HES e2e/ })).toContainText('Đang dùng');
  await expect(tokens).not.toContainText(token);
  await expectAccessible(adminPage, 'API tokens');
  await tokens.screenshot({ path: testInfo.outputPath('screens', 'c6-api-tokens-1280.png') });
  await adminContext.close();
});
