import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './captureHelpers';
import { DEMO_PASSWORD, signInToConsole } from './helpers';
import { unassignedOfOneCommune } from './serverData';

test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/** The swaps' fixed time (Vietnam, 16 November 2026): billing October is before, December after. */
const SWAPPED_AT = '2026-11-16T09:00:00+07:00';
const BEFORE = '2026-10';
const AFTER = '2026-12';
/** Kept away from the roadmap journey's commune. */
const ROADMAP_COMMUNE = 'Xã Hậu Lộc';

interface WireWorkOrder {
  id: string;
  oldMeterSerial: string;
  lastBilledReading: number | null;
  customerCode: string;
  customerName: string;
  commune: string;
  lat: number;
  lng: number;
  version: number;
}

async function signedIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
}

/** A photo id nobody uploads: the swap is accepted with its photos awaited, which the cashless report ignores. */
const photoId = () => createHash('sha256').update(randomUUID()).digest('hex');

/**
 * Setup through the API, as the console would see it after a field day: supervisor1 gives tech1 six orders of one
 * commune; tech1's device pushes a swap of each at SWAPPED_AT (the technician recorded cash → e-wallet for the
 * first four). Answers the orders as pushed.
 */
async function sixSwaps(request: APIRequestContext, supervisor: APIRequestContext): Promise<WireWorkOrder[]> {
  const chosen = unassignedOfOneCommune('Thanh Hóa', 6, ROADMAP_COMMUNE);
  expect(chosen).toHaveLength(6);
  const techId = ((await (await request.get('/api/v1/auth/me')).json()) as { id: string }).id;
  const assigned = await supervisor.post('/api/v1/assignments', {
    data: { workOrderIds: chosen.map((c) => c.id), technicianId: techId, plannedDate: '2099-12-31' },
  });
  expect(assigned.status()).toBe(200);
  const orders: WireWorkOrder[] = [];
  for (const { id } of chosen) {
    const res = await request.get(`/api/v1/work-orders/${id}`);
    expect(res.status()).toBe(200);
    orders.push((await res.json()) as WireWorkOrder);
  }
  const mutations = orders.map((wo, i) => ({
    seq: i + 1,
    mutationId: randomUUID(),
    name: 'swap.complete',
    createdAt: SWAPPED_AT,
    args: {
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
      installed: {
        serial: `CL${randomUUID().slice(0, 8).toUpperCase()}`,
        model: 'VSE11',
        readings: { total: 0.5 },
        seals: [{ code: `TH${randomUUID().slice(0, 6).toUpperCase()}`, beads: 2 }],
        photoIds: [photoId()],
      },
      gps: { lat: wo.lat, lng: wo.lng, accuracyM: 6, at: SWAPPED_AT },
      handover: {
        signerName: wo.customerName,
        signerRole: 'customer',
        signaturePhotoId: photoId(),
        cashless:
          i < 4 ? { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true } : { currentMethod: 'cash', consent: false },
      },
      completedAt: SWAPPED_AT,
    },
  }));
  const push = await request.post('/api/v1/sync/push', { data: { protocolVersion: 1, clientId: randomUUID(), mutations } });
  expect(push.status(), await push.text()).toBe(200);
  expect(((await push.json()) as { results: { status: string }[] }).results.map((r) => r.status.split(':')[0])).toEqual(Array(6).fill('applied'));
  return orders;
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() =>
    [document.documentElement, document.querySelector('.console__main')].map((el) => (el === null ? 0 : el.scrollWidth - el.clientWidth)),
  );
  expect(overflow).toEqual([0, 0]);
}

async function shoot(page: Page, name: string, size: { width: number; height: number }, section: Locator, dir: string): Promise<void> {
  await page.setViewportSize(size);
  await expectNoSidewaysScroll(page);
  await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(dir, `${name}-${size.width}x${size.height}.png`) });
  const height = await page.evaluate(
    () => (document.querySelector('.console__header')?.clientHeight ?? 0) + (document.querySelector('.console__main')?.scrollHeight ?? 0),
  );
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: join(dir, `${name}-${size.width}-full.png`) });
  await page.setViewportSize(size);
}

test('the supervisor imports a billing file and sees claimed against real per commune and hamlet', async ({
  page,
  playwright,
  baseURL,
}, testInfo) => {
  const shots = testInfo.outputPath('screens');
  mkdirSync(shots, { recursive: true });
  const tech = await playwright.request.newContext({ baseURL });
  const supervisor = await playwright.request.newContext({ baseURL });
  await signedIn(tech, 'tech1');
  await signedIn(supervisor, 'supervisor1');
  const visited = await sixSwaps(tech, supervisor);
  await Promise.all([tech.dispose(), supervisor.dispose()]);
  // By hand: the first two paid by bank before and after; the next two moved from cash to e-wallet; the last two stay cash.
  const lines = visited.flatMap((o, i) => {
    const before = i < 2 ? 'NH' : 'TM';
    const after = i < 2 ? 'NH' : i < 4 ? 'VDT' : 'TM';
    return [`${o.customerCode};${BEFORE};${before}`, `${o.customerCode};${AFTER};${after}`];
  });
  const file = (rows: string[]) => ({
    name: 'hinh-thuc-tt.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF${['MA_KHANG;KY_HD;HINH_THUC_TT', ...rows].join('\r\n')}\r\n`, 'utf8'),
  });

  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Không tiền mặt' }).click();
  await expect(page.getByRole('heading', { name: 'Không tiền mặt', level: 1 })).toBeVisible();
  const table = page.getByRole('table', { name: 'Không tiền mặt theo xã / phường' });
  await expect(table).toBeVisible();
  await expect(page.getByText(/Chưa nhập kỳ hóa đơn nào/)).toBeVisible();

  // A bad row first: listed with its line and column, nothing imported.
  const picker = page.locator('.cashless-import input[type=file]');
  await picker.setInputFiles(file([...lines, `${visited[0]?.customerCode ?? ''};2026-13;TM`]));
  const errors = page.getByRole('table').filter({ hasText: 'KY_HD' });
  await expect(errors.getByRole('row').filter({ hasText: 'Kỳ hóa đơn sai dạng' })).toContainText(String(lines.length + 2));
  await expectAccessible(page, 'cashless errors');

  await picker.setInputFiles(file(lines));
  await expect(page.getByRole('status').filter({ hasText: 'Tệp hợp lệ: 12 dòng, 12 dòng' })).toBeVisible();
  await page.getByRole('button', { name: 'Nhập tệp này' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã nhập 12 dòng' })).toBeVisible();

  // Totals: real before 2 (bank), real after 4 (bank, e-wallet), goal 4, met.
  const totals = table.locator('tfoot tr');
  await expect(totals.locator('td').nth(2)).toHaveText('2');
  await expect(totals.locator('td').nth(3)).toHaveText('4');
  await expect(totals.locator('td').nth(4)).toHaveText('4');
  await expect(page.getByText(/Kỳ hóa đơn mới nhất đã nhập: \d{4}-\d{2}\./)).toBeVisible();
  await expectAccessible(page, 'cashless report');
  const report = page.getByRole('heading', { name: 'Không tiền mặt', level: 1 });
  await shoot(page, 'cashless', { width: 1280, height: 800 }, report, shots);
  await shoot(page, 'cashless', { width: 360, height: 740 }, report, shots);
  await page.setViewportSize({ width: 1280, height: 800 });

  // One commune: its hamlets.
  const commune = visited[0]?.commune ?? '';
  await page.getByLabel('Xã / phường').selectOption(commune);
  const hamlets = page.getByRole('table', { name: 'Không tiền mặt theo thôn / tổ dân phố' });
  await expect(hamlets).toBeVisible();
  await expectAccessible(page, 'cashless hamlets');
  await shoot(page, 'cashless-hamlets', { width: 360, height: 740 }, hamlets, shots);
});
