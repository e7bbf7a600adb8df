import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createHash, randomUUID } from 'node:crypto';
import { makeJpeg } from './captureHelpers';
import { DEMO_PASSWORD, signInToConsole } from './helpers';

/** A date far ahead: the order given to tech2 here stays out of the today list other journeys count. */
const PARKED_DATE = '2099-12-31';

// The supervisor works on a laptop.
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/**
 * Markup an attacker with a CMIS file would try, one element per field, each with an id the page must never hold.
 * No `;` or `"` in them: they are cells of a `;` file as they are. The refresh is slow so that, were it injected,
 * the test would find the element rather than be navigated away.
 */
const HOSTILE_CODE = '<a id=pwned-link href=/pwned>ZZ-XSS</a>';
const HOSTILE_COMMUNE = '<meta id=pwned-meta http-equiv=refresh content=600>Xã <b id=pwned-b>Độc</b>';
const HOSTILE_NAME = '<img id=pwned-img src=x>Nguyễn Văn Độc';
const INJECTED = '#pwned-link, #pwned-meta, #pwned-b, #pwned-img, body meta[http-equiv]';

const HEADER = 'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DTHOAI;DIA_CHI;XA_PHUONG;TINH;lat;lng;SO_CTO;CHI_SO_CU;SO_PHA';

/**
 * Two orders in the hostile commune, far from the demo data (the map fits to them alone): the first with the hostile
 * code, the second with an ordinary one, so the commune's progress ring sits between them and not under a marker.
 */
function hostileFile(): Buffer {
  const rows = [
    [
      HOSTILE_CODE,
      'PA07XS0000001',
      HOSTILE_NAME,
      '0912345678',
      'Số 1 đường Lê Lợi',
      HOSTILE_COMMUNE,
      'Thanh Hóa',
      '21,000',
      '103,000',
      'XSS100001',
      '1234,5',
      '1',
    ],
    [
      'ZZ-E2E-XSS-0002',
      'PA07XS0000002',
      HOSTILE_NAME,
      '0912345678',
      'Số 2 đường Lê Lợi',
      HOSTILE_COMMUNE,
      'Thanh Hóa',
      '21,020',
      '103,040',
      'XSS100002',
      '1234,5',
      '1',
    ],
  ];
  return Buffer.from(`\uFEFF${[HEADER, ...rows.map((r) => r.join(';'))].join('\r\n')}\r\n`, 'utf8');
}

async function expectNothingInjected(page: Page, where: string): Promise<void> {
  await expect(page.locator(INJECTED), where).toHaveCount(0);
  await expect(page, where).not.toHaveURL(/pwned/);
}

async function loggedIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
}

async function uploadPhoto(tech: APIRequestContext, jpeg: Buffer): Promise<string> {
  const id = createHash('sha256').update(jpeg).digest('hex');
  const res = await tech.put(`/api/v1/photos/${id}`, { data: jpeg, headers: { 'Content-Type': 'image/jpeg' } });
  expect([200, 201]).toContain(res.status());
  return id;
}

interface WireWorkOrder {
  id: string;
  code: string;
  oldMeterSerial: string;
  lat: number;
  lng: number;
  version: number;
}

/** Through the API: supervisor1 gives the hostile order to tech2, whose device completes it (a review item). */
async function completeHostileOrder(page: Page, supervisor: APIRequestContext, tech: APIRequestContext): Promise<void> {
  const found = await supervisor.get('/api/v1/work-orders', { params: { q: 'ZZ-XSS' } });
  expect(found.status()).toBe(200);
  const order = ((await found.json()) as { items: WireWorkOrder[] }).items.find((wo) => wo.code === HOSTILE_CODE);
  if (order === undefined) throw new Error('the hostile order was not imported');
  const techId = ((await (await tech.get('/api/v1/auth/me')).json()) as { id: string }).id;
  const assigned = await supervisor.post('/api/v1/assignments', {
    data: { workOrderIds: [order.id], technicianId: techId, plannedDate: PARKED_DATE },
  });
  expect(assigned.status()).toBe(200);
  const current = (await (await supervisor.get(`/api/v1/work-orders/${order.id}`)).json()) as WireWorkOrder;
  const photo = await uploadPhoto(tech, await makeJpeg(page, 'Công tơ', 800, 600));
  const signature = await uploadPhoto(tech, await makeJpeg(page, 'Chữ ký', 600, 300));
  const now = new Date().toISOString();
  const args = {
    completionId: randomUUID(),
    workOrderId: order.id,
    baseVersion: current.version,
    removed: { serial: current.oldMeterSerial, serialMatches: true, readings: { total: 1300 }, sealCondition: 'intact', photoIds: [photo] },
    installed: {
      serial: `XSS${String(Date.now()).slice(-8)}`,
      model: 'VSE11',
      readings: { total: 0.5 },
      seals: [{ code: 'TH000001', beads: 2 }],
      photoIds: [photo],
    },
    gps: { lat: current.lat, lng: current.lng, accuracyM: 6, at: now },
    handover: {
      signerName: 'Nguyễn Văn Độc',
      signerRole: 'customer',
      signaturePhotoId: signature,
      cashless: { currentMethod: 'cash', consent: false },
    },
    completedAt: now,
  };
  const push = await tech.post('/api/v1/sync/push', {
    data: { protocolVersion: 1, clientId: randomUUID(), mutations: [{ seq: 1, mutationId: randomUUID(), name: 'swap.complete', args }] },
  });
  expect(push.status()).toBe(200);
  expect(((await push.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
}

test('markup in an imported CMIS file shows as text on the map, the list, the review and the progress screens, and never becomes an element', async ({
  page,
  playwright,
  baseURL,
}) => {
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Nhập dữ liệu' }).click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'cmis-doc.csv', mimeType: 'text/csv', buffer: hostileFile() });
  await expect(page.getByText('2 dòng hợp lệ: 2 mới, 0 cập nhật.')).toBeVisible();
  await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
  await expect(page.getByText('Đã nhập 2 dòng: 2 công việc mới, 0 công việc được cập nhật.')).toBeVisible();

  const supervisor = await playwright.request.newContext({ baseURL });
  await loggedIn(supervisor, 'supervisor1');
  const tech = await playwright.request.newContext({ baseURL });
  await loggedIn(tech, 'tech2');
  await completeHostileOrder(page, supervisor, tech);
  await supervisor.dispose();
  await tech.dispose();

  // The map, on the hostile commune only: the list shows code and commune as text.
  await page.getByRole('link', { name: 'Bản đồ' }).first().click();
  await expect(page.getByTestId('map-list-count')).toBeVisible();
  await page.getByLabel('Xã/phường').selectOption({ label: HOSTILE_COMMUNE });
  const row = page.locator('.map-list__row').filter({ hasText: HOSTILE_CODE });
  await expect(row.locator('.map-list__code')).toHaveText(HOSTILE_CODE);
  await expect(row.locator('.map-list__commune')).toHaveText(HOSTILE_COMMUNE);
  await expectNothingInjected(page, 'map list');

  // Picking the order puts its code in a tooltip on the map.
  await row.click();
  await expect(page.locator('.leaflet-tooltip')).toHaveCount(1);
  await expectNothingInjected(page, 'marker tooltip');
  await expect(page.locator('.leaflet-tooltip')).toHaveText(HOSTILE_CODE);

  // The commune's progress ring: hovering it shows the commune's name in a tooltip.
  await page.getByRole('checkbox', { name: 'Tiến độ theo xã' }).check();
  // Picking the order zoomed to its marker; choosing the commune again fits the map to both orders, the ring between.
  await page.getByLabel('Xã/phường').selectOption({ index: 0 });
  await page.getByLabel('Xã/phường').selectOption({ label: HOSTILE_COMMUNE });
  const ring = page.locator('.leaflet-commune-progress-pane path:not([d="M0 0"])').first();
  await expect(ring).toBeVisible();
  await ring.hover();
  const progressTooltip = page.locator('.leaflet-tooltip').filter({ hasText: 'hoàn thành' });
  await expect(progressTooltip).toBeVisible();
  await expectNothingInjected(page, 'progress tooltip');
  await expect(progressTooltip).toContainText(`${HOSTILE_COMMUNE}: hoàn thành`);

  // The review queue and the record.
  await page.getByRole('link', { name: 'Đối soát' }).click();
  const queue = page.getByRole('list', { name: 'Danh sách cần đối soát' });
  await queue.getByRole('button').filter({ hasText: HOSTILE_CODE }).click();
  await expect(page.getByRole('article').getByRole('heading', { name: HOSTILE_NAME })).toBeVisible();
  await expectNothingInjected(page, 'review');

  // Progress by commune.
  await page.getByRole('link', { name: 'Tiến độ' }).click();
  // In the progress table (the commissioning panel below it names the commune too).
  await expect(page.getByRole('table', { name: /Tiến độ theo xã/ }).getByText(HOSTILE_COMMUNE, { exact: true })).toBeVisible();
  await expectNothingInjected(page, 'progress');
});
