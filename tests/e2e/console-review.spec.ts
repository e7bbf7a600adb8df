import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, signInToConsole } from './helpers';
import { unassignedWorkOrderIds } from './serverData';
import { expectAccessible, makeJpeg } from './captureHelpers';

/** A date far ahead: the orders given to tech1 here stay out of the today list other journeys count. */
const PARKED_DATE = '2099-12-31';

// The supervisor works on a laptop.
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

interface WireWorkOrder {
  id: string;
  code: string;
  customerName: string;
  oldMeterSerial: string;
  lastBilledReading: number | null;
  lat: number;
  lng: number;
  version: number;
  status: string;
  assigneeId: string | null;
}

async function loggedIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
}

/** tech1's open work orders as their device would pull them. */
async function openWorkOrders(tech: APIRequestContext, clientId: string): Promise<WireWorkOrder[]> {
  const orders = new Map<string, WireWorkOrder>();
  let cursor: string | undefined;
  for (;;) {
    const res = await tech.get('/api/v1/sync/pull', { params: { clientId, limit: 200, ...(cursor === undefined ? {} : { cursor }) } });
    expect(res.status()).toBe(200);
    const page = (await res.json()) as {
      cursor: string;
      hasMore: boolean;
      changes: { entity: string; op: string; id: string; data?: WireWorkOrder }[];
    };
    for (const change of page.changes) {
      if (change.entity !== 'workOrder') continue;
      if (change.op === 'upsert' && change.data !== undefined) orders.set(change.id, change.data);
      else orders.delete(change.id);
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return [...orders.values()].filter((wo) => wo.status === 'assigned');
}

async function uploadPhoto(tech: APIRequestContext, jpeg: Buffer): Promise<string> {
  const id = createHash('sha256').update(jpeg).digest('hex');
  const res = await tech.put(`/api/v1/photos/${id}`, { data: jpeg, headers: { 'Content-Type': 'image/jpeg' } });
  expect([200, 201]).toContain(res.status());
  return id;
}

/** A swap as tech1's device would push it, with photos the supervisor can look at. */
async function swapArgs(page: Page, tech: APIRequestContext, wo: WireWorkOrder, serial: string) {
  const final = (wo.lastBilledReading ?? 1000) + 57;
  const removedPhoto = await uploadPhoto(tech, await makeJpeg(page, `Tháo ${wo.oldMeterSerial} · ${final}`, 800, 600));
  const installedPhoto = await uploadPhoto(tech, await makeJpeg(page, `Treo ${serial} · 0,5`, 800, 600));
  const signature = await uploadPhoto(tech, await makeJpeg(page, `Ký: ${wo.customerName}`, 600, 300));
  const now = new Date().toISOString();
  return {
    completionId: randomUUID(),
    workOrderId: wo.id,
    baseVersion: wo.version,
    removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: final }, sealCondition: 'intact', photoIds: [removedPhoto] },
    installed: { serial, model: 'VSE11', readings: { total: 0.5 }, seals: [{ code: `TH${serial.slice(-6)}`, beads: 2 }], photoIds: [installedPhoto] },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 6, at: now },
    handover: {
      signerName: wo.customerName,
      signerRole: 'customer',
      signaturePhotoId: signature,
      cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
    },
    completedAt: now,
  };
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280x800.png`), fullPage: true });
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-800x1280.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('the supervisor reviews tech1’s completions: photos beside data, returns one with a note, approves another, and the export has it', async ({
  page,
  playwright,
  baseURL,
}, testInfo) => {
  // Setup through the API: supervisor1 gives tech1 two unassigned orders (parked far ahead, so tech1's today
  // list stays as the other journeys expect it); tech1's device pushes a swap for each, with photos.
  const tech = await playwright.request.newContext({ baseURL });
  await loggedIn(tech, 'tech1');
  const techId = ((await (await tech.get('/api/v1/auth/me')).json()) as { id: string }).id;
  const supervisorApi = await playwright.request.newContext({ baseURL });
  await loggedIn(supervisorApi, 'supervisor1');
  const chosen = unassignedWorkOrderIds('Thanh Hóa', 40).slice(-2);
  const assigned = await supervisorApi.post('/api/v1/assignments', {
    data: { workOrderIds: chosen, technicianId: techId, plannedDate: PARKED_DATE },
  });
  expect(assigned.status()).toBe(200);
  await supervisorApi.dispose();
  const clientId = randomUUID();
  const open = (await openWorkOrders(tech, clientId)).filter((wo) => chosen.includes(wo.id));
  const [toReturn, toApprove] = open.sort((a, b) => a.code.localeCompare(b.code));
  if (toReturn === undefined || toApprove === undefined) throw new Error('tech1 did not receive the two work orders');
  await page.goto('/');
  const stamp = String(Date.now()).slice(-8);
  const mutations = [];
  for (const [i, wo] of [toReturn, toApprove].entries()) {
    mutations.push({ seq: i + 1, mutationId: randomUUID(), name: 'swap.complete', args: await swapArgs(page, tech, wo, `E2E${stamp}${i}`) });
  }
  const push = await tech.post('/api/v1/sync/push', { data: { protocolVersion: 1, clientId, mutations } });
  expect(push.status()).toBe(200);
  expect(((await push.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied', 'applied']);

  // The supervisor's console.
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Đối soát' }).click();

  const queue = page.getByRole('list', { name: 'Danh sách cần đối soát' });
  await queue.getByRole('button', { name: new RegExp(toReturn.code) }).click();
  const detail = page.getByRole('article');
  await expect(detail.getByRole('heading', { name: toReturn.customerName })).toBeVisible();
  // Photos beside the data: every image loaded from the server.
  const images = detail.locator('.review-photos img');
  await expect(images).toHaveCount(3);
  for (const img of await images.all())
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  await expect(detail.getByRole('row', { name: /Số công tơ tháo/ })).toContainText(toReturn.oldMeterSerial);
  await expect(detail.getByRole('row', { name: /Khoảng cách GPS/ })).toContainText('0 m');
  await expectAccessible(page, 'review queue');
  await screenshot(page, testInfo, 'review-detail');

  // Return: the note is required.
  await detail.getByRole('button', { name: 'Trả lại' }).click();
  await detail.getByRole('button', { name: 'Trả lại' }).click();
  await expect(detail.getByRole('alert')).toHaveText('Ghi rõ nhân viên cần sửa gì trước khi trả lại.');
  await detail.getByLabel(/Ghi chú cho nhân viên/).fill('Ảnh công tơ tháo bị mờ, chụp lại chỉ số.');
  await detail.getByRole('button', { name: 'Trả lại' }).click();
  await expect(queue.getByRole('button', { name: new RegExp(toReturn.code) })).toHaveCount(0);

  // Approve the second one.
  await queue.getByRole('button', { name: new RegExp(toApprove.code) }).click();
  await expect(detail.getByRole('heading', { name: toApprove.customerName })).toBeVisible();
  await detail.getByRole('button', { name: 'Duyệt' }).click();
  await expect(queue.getByRole('button', { name: new RegExp(toApprove.code) })).toHaveCount(0);

  // History: the returned one with its note.
  await page.getByRole('tab', { name: 'Đã trả lại' }).click();
  await queue.getByRole('button', { name: new RegExp(toReturn.code) }).click();
  await expect(detail).toContainText('Ảnh công tơ tháo bị mờ');

  // tech1's device learns that the record came back.
  const feed = (await (await tech.get('/api/v1/sync/pull', { params: { clientId, limit: 200 } })).json()) as {
    changes: { entity: string; data?: { workOrderId?: string; status?: string; note?: string | null } }[];
  };
  const returned = feed.changes.filter((c) => c.entity === 'review' && c.data?.workOrderId === toReturn.id && c.data.status === 'returned');
  expect(returned.map((c) => c.data?.note)).toContain('Ảnh công tơ tháo bị mờ, chụp lại chỉ số.');

  // Export for CMIS from the dashboard: today's approved swaps.
  await page.getByRole('link', { name: 'Tiến độ' }).click();
  await expect(page.getByRole('heading', { name: 'Đồng bộ thiết bị' })).toBeVisible();
  await expect(page.locator('.dashboard-charts canvas').first()).toBeVisible();
  await expectAccessible(page, 'dashboard');
  await screenshot(page, testInfo, 'dashboard');
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Tải tệp CSV' }).click();
  const download = await downloading;
  const csv = readFileSync(await download.path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.toString('utf8');
  expect(text).toContain(toApprove.code);
  expect(text).toContain(toApprove.customerName);
  expect(text).not.toContain(toReturn.code);
  await tech.dispose();
});
