import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { communeSlug } from '../../src/domain/campaign/publicPage';
import { expectAccessible } from './captureHelpers';

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
    const border = await page.locator('.figures div').first().evaluate((el) => getComputedStyle(el).borderTopStyle);
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
