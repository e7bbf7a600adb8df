import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { pdfText } from '../server/pdfText';
import { expectAccessible } from './captureHelpers';
import { DEMO_PASSWORD, signInToConsole } from './helpers';
import { unassignedOfOneCommune } from './serverData';

/*
 * The customer's copy of the handover record (issue 15 §3): a supervisor issues the link from the review screen,
 * the customer opens it signed out on a phone or a laptop (axe, screenshots), downloads the PDF; once revoked the
 * link is the 404 page. Run on its own port: E2E_PORT=8597.
 */

const SWAPPED_AT = '2026-11-16T09:00:00+07:00';
const CUSTOMER_NAME = 'Lê Thị <b>Thu</b> & con';

interface WireWorkOrder {
  id: string;
  code: string;
  oldMeterSerial: string;
  lastBilledReading: number | null;
  lat: number;
  lng: number;
  version: number;
}

async function signedIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
}

const photoId = () => createHash('sha256').update(randomUUID()).digest('hex');

/** supervisor1 gives tech1 one order; tech1's device pushes its swap. Answers the order and the installed serial. */
async function oneSwap(tech: APIRequestContext, supervisor: APIRequestContext): Promise<{ wo: WireWorkOrder; installed: string }> {
  const [chosen] = unassignedOfOneCommune('Thanh Hóa', 1, 'Xã Hậu Lộc');
  if (chosen === undefined) throw new Error('the demo has no unassigned order in Thanh Hóa');
  const techId = ((await (await tech.get('/api/v1/auth/me')).json()) as { id: string }).id;
  const assigned = await supervisor.post('/api/v1/assignments', {
    data: { workOrderIds: [chosen.id], technicianId: techId, plannedDate: '2099-12-31' },
  });
  expect(assigned.status()).toBe(200);
  const wo = (await (await tech.get(`/api/v1/work-orders/${chosen.id}`)).json()) as WireWorkOrder;
  const installed = `CC${randomUUID().slice(0, 8).toUpperCase()}`;
  const mutation = {
    seq: 1,
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
      installed: { serial: installed, model: 'VSE11', readings: { total: 0.5 }, seals: [{ code: 'TH-778899', beads: 2 }], photoIds: [photoId()] },
      gps: { lat: wo.lat, lng: wo.lng, accuracyM: 6, at: SWAPPED_AT },
      handover: {
        signerName: CUSTOMER_NAME,
        signerRole: 'customer',
        signerPhone: '0911999888',
        signaturePhotoId: photoId(),
        cashless: { currentMethod: 'cash', consent: false },
      },
      completedAt: SWAPPED_AT,
    },
  };
  const push = await tech.post('/api/v1/sync/push', { data: { protocolVersion: 1, clientId: randomUUID(), mutations: [mutation] } });
  expect(push.status(), await push.text()).toBe(200);
  return { wo, installed };
}

test('a supervisor issues the customer copy; the customer opens it signed out; a revoked link is gone', async ({
  page,
  browser,
  playwright,
  baseURL,
  context,
}, testInfo) => {
  const shots = testInfo.outputPath('screens');
  mkdirSync(shots, { recursive: true });
  const tech = await playwright.request.newContext({ baseURL });
  const supervisor = await playwright.request.newContext({ baseURL });
  await signedIn(tech, 'tech1');
  await signedIn(supervisor, 'supervisor1');
  const { wo, installed } = await oneSwap(tech, supervisor);
  await Promise.all([tech.dispose(), supervisor.dispose()]);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Đối soát' }).click();
  await page
    .getByRole('list', { name: 'Danh sách cần đối soát' })
    .getByRole('button', { name: new RegExp(wo.code) })
    .click();
  const section = page.getByRole('region', { name: 'Bản của khách hàng' });
  await section.getByRole('button', { name: 'Tạo đường dẫn' }).click();
  const link = section.getByLabel('Đường dẫn cho khách hàng');
  await expect(link).toHaveValue(/\/bien-ban\/[A-Za-z0-9_-]{43}$/);
  const url = await link.inputValue();
  await expect(section.getByText(/Hết hạn lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/)).toBeVisible();
  await section.getByRole('button', { name: 'Sao chép' }).click();
  await expect(section.getByRole('button', { name: 'Đã sao chép' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expectAccessible(page, 'review detail with the customer copy');
  await section.screenshot({ path: join(shots, 'customer-copy-console.png') });

  for (const size of [
    { width: 360, height: 740 },
    { width: 1280, height: 800 },
  ]) {
    // A fresh context: no session cookie, no service worker.
    const customer = await browser.newContext({ viewport: size, locale: 'vi-VN' });
    const view = await customer.newPage();
    const errors: string[] = [];
    view.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await view.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await expect(view.getByRole('heading', { level: 1, name: 'Biên bản treo tháo công tơ' })).toBeVisible();
    await expect(view.getByRole('cell', { name: wo.oldMeterSerial })).toBeVisible();
    await expect(view.getByRole('cell', { name: installed })).toBeVisible();
    await expect(view.getByText('TH-778899 (2 viên)')).toBeVisible();
    expect(await view.content()).not.toContain('0911999888');
    expect(await view.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await expectAccessible(view, `customer copy ${size.width}`);
    expect(errors, 'console errors (CSP refusals show here)').toEqual([]);
    await view.screenshot({ path: join(shots, `customer-copy-${size.width}x${size.height}.png`), fullPage: true });
    const pdfHref = await view.getByRole('link', { name: /Tải biên bản/ }).getAttribute('href');
    const pdf = await customer.request.get(new URL(pdfHref ?? '', url).toString());
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // One form for one number: the page and the PDF print the readings as the screens do ("1.274,5", "0,5").
    const removedTotal = new Intl.NumberFormat('vi-VN').format((wo.lastBilledReading ?? 1000) + 40);
    await expect(view.getByRole('cell', { name: removedTotal, exact: true })).toBeVisible();
    await expect(view.getByRole('cell', { name: '0,5', exact: true })).toBeVisible();
    const printed = pdfText(await pdf.body());
    expect(printed).toContain(removedTotal);
    expect(printed.split('\n')).toContain('0,5');
    await customer.close();
  }

  await section.getByRole('button', { name: 'Thu hồi đường dẫn' }).click();
  await expect(section.getByText('Đã thu hồi: đường dẫn cũ không còn mở được.')).toBeVisible();
  const after = await browser.newContext();
  const gone = await after.newPage();
  const response = await gone.goto(url);
  expect(response?.status()).toBe(404);
  await expect(gone.getByRole('heading', { name: 'Không tìm thấy biên bản' })).toBeVisible();
  await expectAccessible(gone, 'customer copy 404');
  await after.close();
});
