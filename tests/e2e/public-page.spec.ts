import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { communeSlug } from '../../src/domain/campaign/publicPage';
import { RoadmapCommuneList } from '../../src/domain/campaign/roadmap';
import { expectAccessible } from './captureHelpers';
import { signInToConsole } from './helpers';

/*
 * The commune's public progress page (issue 15 §2): anyone opens /cong-khai/<slug> without signing in, on a phone or a
 * laptop, and it passes axe. Run on its own port: E2E_PORT=8593.
 */

const COMMUNE = 'Xã Hậu Lộc';
const SLUG = communeSlug(COMMUNE, 'Thanh Hóa');

for (const size of [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
]) {
  test(`the public page of ${COMMUNE} opens signed out at ${size.width} × ${size.height}`, async ({ browser }, testInfo) => {
    // A fresh context: no session cookie, no service worker.
    const context = await browser.newContext({ viewport: size, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`/cong-khai/${SLUG}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('public, max-age=300');
    await expect(page.getByRole('heading', { name: COMMUNE, level: 1 })).toBeVisible();
    await expect(page.getByText('Thanh Hóa', { exact: true })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await expect(page.getByText('Số hộ cần thay')).toBeVisible();
    await expect(page.getByText(/Số liệu lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
    // The stylesheet applied (the CSP allows no inline style): the figures sit in bordered boxes.
    const border = await page
      .locator('.figures div')
      .first()
      .evaluate((el) => getComputedStyle(el).borderTopStyle);
    expect(border).toBe('solid');
    // Nothing scrolls sideways on the page itself (a wide table scrolls in its own box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await expectAccessible(page, `public page ${size.width}`);
    expect(errors, 'console errors (CSP refusals show here)').toEqual([]);

    const dir = testInfo.outputPath('screens');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `public-page-${size.width}x${size.height}.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(dir, `public-page-${size.width}-print.png`), fullPage: true });
    await context.close();
  });
}

test('an unknown commune answers a 404 page in Vietnamese', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto('/cong-khai/xa-khong-co-thanh-hoa');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible();
  await expectAccessible(page, 'public 404');
  await context.close();
});

test('the supervisor prints the loudspeaker announcement of a planned commune, one week a page', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToConsole(page, 'supervisor1');
  // A commune of the team with planned days (the demo plans tech1's and tech2's orders).
  const list = RoadmapCommuneList.parse(await (await page.request.get('/api/v1/roadmaps/communes')).json());
  const planned = list.communes.find((c) => c.planned > 0);
  if (planned === undefined) throw new Error('the demo has no planned commune');
  await page.getByRole('link', { name: 'Lộ trình' }).click();
  // The screen loads on demand: until its heading shows, the map's list (whose rows name the commune too) is there.
  await expect(page.getByRole('heading', { name: 'Lộ trình', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(planned.commune) }).click();
  await expect(page.getByRole('link', { name: 'Trang công khai' })).toHaveAttribute(
    'href',
    `/cong-khai/${communeSlug(planned.commune, planned.province)}`,
  );
  await page.getByRole('link', { name: 'In thông báo loa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Thông báo trên loa truyền thanh');
  const weeks = page.locator('.announcement-week');
  await expect(weeks.first()).toBeVisible();
  await page.getByLabel('Số điện thoại của tổ (được đọc trong thông báo)').fill('0912 345 678');
  await expect(weeks.first()).toContainText('Xin nhắc lại: không chín một hai, ba bốn năm, sáu bảy tám.');
  await expectAccessible(page, 'announcement print view');
  const dir = testInfo.outputPath('screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'announcement-1280.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.console__header')).toBeHidden();
  await page.screenshot({ path: join(dir, 'announcement-print.png'), fullPage: true });
  // One week per printed page: in print, every week but the last ends its page. (Counting the pages of the PDF
  // Chromium prints is not reliable: its page objects may sit in compressed streams.)
  const breaks = await weeks.evaluateAll((elements) => elements.map((element) => getComputedStyle(element).breakAfter));
  expect(breaks.slice(0, -1)).toEqual(breaks.slice(0, -1).map(() => 'page'));
  expect(breaks.at(-1)).toBe('auto');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
});
