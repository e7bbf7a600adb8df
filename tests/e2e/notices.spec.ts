import { expect, request as playwrightRequest, test } from '@playwright/test';
import { completeSwapOnline, expectAccessible, screenshots, siteCoordinates } from './captureHelpers';
import { DEMO_PASSWORD, signIn, signInToConsole, waitForServiceWorker } from './helpers';

/*
 * Issue 15 §3, the households' side: the server tells tech4's households of today's visit through the gateway
 * (scripts/e2e-server.mjs runs a fake one two ports up and keeps what it gets); tech4's phone shows which households
 * were told, records "đã báo qua loa" offline for one no message can reach, and completes a swap offline; once the
 * phone syncs, the receipt reaches the gateway with a link that opens the household's copy signed out. The supervisor
 * sees the queue and the unreachable households on "Tin nhắn". tech4 (Cà Mau) is this spec's own technician.
 */

interface GatewayMessage {
  messageId: string;
  to: string;
  template: 'visit_notice' | 'swap_receipt';
  params: Record<string, string>;
  text: string;
  signature: string | null;
}

interface WireOrder {
  id: string;
  phone: string | null;
  notice?: { via: string; state: string } | null;
}

const MOBILE = /^(?:\+?84|0)(?:3|5|7|8|9)\d{8}$/;

test('households are told before the visit and get a receipt with their copy; the technician records telling them offline', async ({
  page,
  context,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const origin = new URL(baseURL ?? '');
  const gateway = `http://127.0.0.1:${Number(origin.port) + 2}/messages`;
  const messages = async () => (await (await fetch(gateway)).json()) as GatewayMessage[];

  const supervisor = await playwrightRequest.newContext({ baseURL });
  expect((await supervisor.post('/api/v1/auth/login', { data: { username: 'supervisor2', password: DEMO_PASSWORD } })).status()).toBe(200);
  const technicians = (await (await supervisor.get('/api/v1/technicians')).json()) as { items: { id: string; username: string }[] };
  const tech4 = technicians.items.find((t) => t.username === 'tech4');
  if (tech4 === undefined) throw new Error('tech4 missing');
  const orders = async () =>
    ((await (await supervisor.get(`/api/v1/work-orders?assigneeId=${tech4.id}&limit=100`)).json()) as { items: WireOrder[] }).items;

  // 1. The notice before the visit went out for tech4's households with a mobile (the visit job runs at start).
  await expect
    .poll(async () => (await messages()).filter((m) => m.template === 'visit_notice' && m.messageId.endsWith(`:${tech4.id}`)).length, {
      timeout: 40_000,
    })
    .toBeGreaterThan(0);
  const notice = (await messages()).find((m) => m.template === 'visit_notice' && m.messageId.endsWith(`:${tech4.id}`));
  expect(notice?.text).toContain('vui lòng có mặt tại nhà');
  expect(notice?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  const told = notice?.messageId.split(':')[1] ?? '';
  const all = await orders();
  const unreachable = all.find((o) => o.phone === null || !MOBILE.test(o.phone.replace(/[\s.-]/g, '')));
  const toSwap = all.find((o) => o.id !== told && o.phone !== null && MOBILE.test(o.phone.replace(/[\s.-]/g, '')));
  if (unreachable === undefined || toSwap === undefined) throw new Error('the demo gives tech4 no household without a mobile, or too few with one');

  // 2. tech4's phone shows the household as told (once the sender's state has been pulled).
  await context.grantPermissions(['geolocation']);
  await signIn(page, 'tech4');
  await waitForServiceWorker(page);
  await expect(async () => {
    await page.getByRole('button', { name: 'Đồng bộ', exact: true }).click();
    await page.goto(`/work-orders/${told}`);
    await expect(page.getByText(/^Đã gửi tin Zalo lúc|^Khách đã nhận tin Zalo lúc/)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Danh sách công việc' })).toBeVisible();

  // 3. Offline: a household no message can reach is told over the loudspeaker.
  await context.setOffline(true);
  await page.goto(`/work-orders/${unreachable.id}`);
  await expect(page.getByText('Chưa báo cho khách.')).toBeVisible();
  await screenshots(page, testInfo, 'notices-technician-not-told');
  await page.getByRole('button', { name: 'Đã báo qua loa' }).click();
  await expect(page.getByText(/^Đã báo qua loa lúc \d/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Đã báo qua loa' })).toHaveCount(0);
  await expectAccessible(page, 'work order with its notice');
  await screenshots(page, testInfo, 'notices-technician-told');

  // 4. Still offline: a swap at another household.
  await page.goto(`/work-orders/${toSwap.id}`);
  const site = await siteCoordinates(page);
  await context.setGeolocation({ latitude: site.latitude + 0.0002, longitude: site.longitude, accuracy: 8 });
  const stamp = String(Date.now()).slice(-7);
  const installedSerial = `PS-TB-${stamp}`;
  await completeSwapOnline(page, { label: 'TB', installedSerial, sealCode: `NP-TB-${stamp}` });
  expect((await messages()).some((m) => m.template === 'swap_receipt' && m.params.newSerial === installedSerial)).toBe(false);

  // 5. Online again: the phone syncs; the loudspeaker notice reaches the server, the receipt reaches the gateway.
  await context.setOffline(false);
  await page.goto('/');
  await page.getByRole('button', { name: 'Đồng bộ', exact: true }).click();
  await expect.poll(async () => (await orders()).find((o) => o.id === unreachable.id)?.notice?.via, { timeout: 30_000 }).toBe('loudspeaker');
  await expect
    .poll(async () => (await messages()).find((m) => m.template === 'swap_receipt' && m.params.newSerial === installedSerial), { timeout: 40_000 })
    .toBeTruthy();
  const receipt = (await messages()).find((m) => m.template === 'swap_receipt' && m.params.newSerial === installedSerial);
  const link = receipt?.params.link ?? '';
  expect(link.startsWith(`${origin.origin}/bien-ban/`)).toBe(true);
  expect(receipt?.text).toContain(link);

  // 6. The household opens its copy from the message, signed out, on its own phone.
  const household = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const copy = await household.newPage();
  await copy.goto(link);
  await expect(copy.getByText(installedSerial).first()).toBeVisible();
  await copy.screenshot({ path: testInfo.outputPath('notices-customer-copy-360.png'), fullPage: true });
  await household.close();

  // 7. The supervisor's "Tin nhắn": the queue per status and the households no message can reach.
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const desk = await laptop.newPage();
  await signInToConsole(desk, 'supervisor2');
  await desk.getByRole('link', { name: 'Tin nhắn' }).click();
  await expect(desk.getByRole('heading', { name: 'Tin nhắn cho khách hàng' })).toBeVisible();
  await expect(desk.getByRole('table', { name: /Tin nhắn mới nhất/ })).toContainText('Biên nhận');
  await expect(desk.getByRole('heading', { name: /Khách hàng không nhận được tin/ })).toBeVisible();
  await expectAccessible(desk, 'notices');
  await desk.screenshot({ path: testInfo.outputPath('notices-console-1280.png'), fullPage: true });
  await desk.setViewportSize({ width: 360, height: 740 });
  await desk.screenshot({ path: testInfo.outputPath('notices-console-360.png'), fullPage: true });
  await laptop.close();
  await supervisor.dispose();
});
