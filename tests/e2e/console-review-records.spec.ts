import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD, signInToConsole } from './helpers';
import { unassignedWorkOrderIds } from './serverData';
import { expectAccessible, makeJpeg } from './captureHelpers';

/**
 * One record, one decision (issue 18 §5, issue 16 §5): the same new meter is installed on two orders by two
 * technicians. The second order's record appears once in the queue with its flag inside, the flag names the other
 * order and its technician with a link, and one approval (the flag ticked "Đã xem") settles both of its items.
 */

/** A date far ahead: these orders stay out of the today lists other journeys count. */
const PARKED_DATE = '2099-12-30';
const SHOTS = process.env.REVIEW_SHOTS_DIR ?? '/tmp/shots-ux-review';

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
}

interface RecordPage {
  openCount: number;
  items: { workOrderId: string; status: string; items: { id: string; code: string; status: string }[] }[];
}

async function signedIn(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return ((await (await request.get('/api/v1/auth/me')).json()) as { id: string }).id;
}

/** The technician's assigned work orders as their device would pull them. */
async function pulledOrders(tech: APIRequestContext, clientId: string): Promise<WireWorkOrder[]> {
  const orders = new Map<string, WireWorkOrder>();
  let cursor: string | undefined;
  for (;;) {
    const res = await tech.get('/api/v1/sync/pull', { params: { clientId, limit: 500, ...(cursor === undefined ? {} : { cursor }) } });
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
    if (!page.hasMore) return [...orders.values()];
  }
}

async function uploadPhoto(tech: APIRequestContext, jpeg: Buffer): Promise<string> {
  const id = createHash('sha256').update(jpeg).digest('hex');
  const res = await tech.put(`/api/v1/photos/${id}`, { data: jpeg, headers: { 'Content-Type': 'image/jpeg' } });
  expect([200, 201]).toContain(res.status());
  return id;
}

/** One swap of `wo` pushed as the technician's device would, its photos uploaded; answers the push result. */
async function pushSwap(page: Page, tech: APIRequestContext, clientId: string, wo: WireWorkOrder, serial: string) {
  const final = (wo.lastBilledReading ?? 1000) + 42;
  const now = new Date().toISOString();
  const args = {
    completionId: randomUUID(),
    workOrderId: wo.id,
    baseVersion: wo.version,
    removed: {
      serial: wo.oldMeterSerial,
      serialMatches: true,
      readings: { total: final },
      sealCondition: 'intact',
      photoIds: [await uploadPhoto(tech, await makeJpeg(page, `Tháo ${wo.oldMeterSerial} · ${final}`, 800, 600))],
    },
    installed: {
      serial,
      model: 'VSE11',
      readings: { total: 0.4 },
      seals: [{ code: `NP${wo.code.slice(-6)}`, beads: 2 }],
      photoIds: [await uploadPhoto(tech, await makeJpeg(page, `Treo ${serial} · 0,4`, 800, 600))],
    },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 7, at: now },
    handover: {
      signerName: wo.customerName,
      signerRole: 'customer',
      signaturePhotoId: await uploadPhoto(tech, await makeJpeg(page, `Ký: ${wo.customerName}`, 600, 300)),
      cashless: { currentMethod: 'cash', enrolledMethod: 'mobile_banking', consent: true },
    },
    completedAt: now,
  };
  const res = await tech.post('/api/v1/sync/push', {
    data: { protocolVersion: 1, clientId, mutations: [{ seq: 1, mutationId: randomUUID(), name: 'swap.complete', args }] },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { results: { status: string; conflicts?: { code: string }[] }[] }).results[0];
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const size of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    await page.setViewportSize(size);
    await page.getByRole('heading', { level: 1 }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
    // The console scrolls inside its main area: the record, then its flags, scrolled into view.
    const article = page.getByRole('article');
    await article.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, `${name}-record-${size.width}x${size.height}.png`) });
    const flags = article.locator('.record-flags');
    if ((await flags.count()) > 0) {
      await flags.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(SHOTS, `${name}-flags-${size.width}x${size.height}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a meter installed on two orders by two technicians is one record with its flag, naming the other order with a link; one approval settles it', async ({
  page,
  playwright,
  baseURL,
}) => {
  // Setup through the API: supervisor1 gives tech1 and tech2 one unassigned order each; both install the same meter.
  const supervisorApi = await playwright.request.newContext({ baseURL });
  await signedIn(supervisorApi, 'supervisor1');
  const tech1 = await playwright.request.newContext({ baseURL });
  const tech1Id = await signedIn(tech1, 'tech1');
  const tech2 = await playwright.request.newContext({ baseURL });
  const tech2Id = await signedIn(tech2, 'tech2');
  const names = new Map(
    ((await (await supervisorApi.get('/api/v1/technicians')).json()) as { items: { id: string; displayName: string }[] }).items.map((u) => [
      u.id,
      u.displayName,
    ]),
  );
  const [firstId, secondId] = unassignedWorkOrderIds('Thanh Hóa', 60).slice(-8, -6);
  if (firstId === undefined || secondId === undefined) throw new Error('not enough unassigned orders');
  for (const [id, technicianId] of [
    [firstId, tech1Id],
    [secondId, tech2Id],
  ] as const) {
    const res = await supervisorApi.post('/api/v1/assignments', { data: { workOrderIds: [id], technicianId, plannedDate: PARKED_DATE } });
    expect(res.status()).toBe(200);
  }
  const countBefore = ((await (await supervisorApi.get('/api/v1/reviews/records', { params: { status: 'open', limit: 1 } })).json()) as RecordPage)
    .openCount;

  await page.goto('/');
  const serial = `DUP${String(Date.now()).slice(-9)}`;
  const client1 = randomUUID();
  const first = (await pulledOrders(tech1, client1)).find((wo) => wo.id === firstId);
  const client2 = randomUUID();
  const second = (await pulledOrders(tech2, client2)).find((wo) => wo.id === secondId);
  if (first === undefined || second === undefined) throw new Error('the technicians did not receive their orders');
  expect((await pushSwap(page, tech1, client1, first, serial))?.status).toBe('applied');
  const conflicted = await pushSwap(page, tech2, client2, second, serial);
  expect(conflicted?.status).toBe('applied_with_conflict');
  expect(conflicted?.conflicts?.map((c) => c.code)).toEqual(['SERIAL_ALREADY_INSTALLED']);
  // Three review items, two records.
  const items = (await (await supervisorApi.get('/api/v1/reviews', { params: { status: 'open', workOrderId: second.id } })).json()) as {
    items: unknown[];
  };
  expect(items.items).toHaveLength(2);

  // The supervisor's queue: one entry for the second order, its flag named; the count is of records.
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Đối soát' }).click();
  const queue = page.getByRole('list', { name: 'Danh sách cần đối soát' });
  const entry = queue.getByRole('button', { name: new RegExp(second.code) });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('Số công tơ treo đã lắp ở nơi khác');
  await expect(page.getByText(`${countBefore + 2} biên bản chờ duyệt`)).toBeVisible();
  await expect(page.getByRole('tab', { name: /Chờ xử lý/ })).toContainText(String(countBefore + 2));

  await entry.click();
  const detail = page.getByRole('article');
  await expect(detail.getByRole('heading', { name: second.customerName })).toBeVisible();
  const flags = detail.getByRole('region', { name: 'Cảnh báo (1)' });
  await expect(flags).toContainText(
    `Công tơ ${serial} đã được ghi là treo ở công việc ${first.code} (${first.customerName}), do ${names.get(tech1Id) ?? '?'} thực hiện.`,
  );
  const link = flags.getByRole('link', { name: `Xem công việc ${first.code}` });
  await expect(link).toHaveAttribute('href', `/console/reviews?workOrder=${first.id}`);

  // Approving before the flag is ticked says what to do and decides nothing.
  await detail.getByRole('button', { name: 'Duyệt' }).click();
  await expect(detail.getByRole('alert')).toHaveText('Đánh dấu "Đã xem" cho 1 cảnh báo còn lại trước khi duyệt.');
  const seen = flags.getByRole('checkbox', { name: /Đã xem/ });
  await expect(seen).toBeFocused();
  await seen.check();
  await expectAccessible(page, 'review record with a flag');
  await shoot(page, 'review-record-vi');

  // The same screen in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(detail.getByRole('region', { name: 'Flag (1)' })).toContainText(
    `Meter ${serial} is already recorded as installed on work order ${first.code}`,
  );
  await expectAccessible(page, 'review record with a flag (English)');
  await shoot(page, 'review-record-en');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();

  // The link opens the other order's record, which says where else its meter is.
  await flags.getByRole('link', { name: `Xem công việc ${first.code}` }).click();
  await expect(page).toHaveURL(new RegExp(`/console/reviews\\?workOrder=${first.id}$`));
  await expect(page.getByText(`Các biên bản của công việc ${first.code}`)).toBeVisible();
  await expect(detail.getByRole('heading', { name: first.customerName })).toBeVisible();
  await expect(detail.getByRole('region', { name: 'Liên quan' })).toContainText(
    `công việc ${second.code} (${second.customerName}), do ${names.get(tech2Id) ?? '?'}`,
  );
  await expectAccessible(page, 'one work order’s records');
  await shoot(page, 'review-linked-vi');
  await page.getByRole('link', { name: 'Về hàng chờ đối soát' }).click();

  // One approval settles the record and its flag.
  await queue.getByRole('button', { name: new RegExp(second.code) }).click();
  await detail
    .getByRole('region', { name: 'Cảnh báo (1)' })
    .getByRole('checkbox', { name: /Đã xem/ })
    .check();
  await detail.getByRole('button', { name: 'Duyệt' }).click();
  await expect(queue.getByRole('button', { name: new RegExp(second.code) })).toHaveCount(0);
  await expect(page.getByText(`${countBefore + 1} biên bản chờ duyệt`)).toBeVisible();
  const settled = (await (
    await supervisorApi.get('/api/v1/reviews/records', { params: { status: 'all', workOrderId: second.id } })
  ).json()) as RecordPage;
  expect(settled.items.map((r) => [r.status, r.items.map((i) => [i.code, i.status])])).toEqual([
    [
      'approved',
      [
        ['SERIAL_ALREADY_INSTALLED', 'approved'],
        ['COMPLETION', 'approved'],
      ],
    ],
  ]);
  expect(((await (await supervisorApi.get(`/api/v1/work-orders/${second.id}`)).json()) as { status: string }).status).toBe('approved');

  // History shows the settled record with its flag, accepted.
  await page.getByRole('tab', { name: 'Đã duyệt' }).click();
  await queue.getByRole('button', { name: new RegExp(second.code) }).click();
  await expect(detail.getByRole('region', { name: 'Cảnh báo (1)' })).toContainText('Đã chấp nhận khi duyệt');
  await expectAccessible(page, 'settled record');
  await shoot(page, 'review-settled-vi');

  await Promise.all([supervisorApi.dispose(), tech1.dispose(), tech2.dispose()]);
});
