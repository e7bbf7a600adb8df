import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './captureHelpers';
import { signInToConsole } from './helpers';

// The supervisor plans on a laptop; the same screen must still work on a phone.
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const COMMUNE = 'Xã Hậu Lộc';
const DATE = /\d{2}\/\d{2}\/\d{4}/;

/** Neither the page nor the console's main area scrolls sideways: wide tables scroll inside their own box. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() =>
    [document.documentElement, document.querySelector('.console__main')].map((el) => (el === null ? 0 : el.scrollWidth - el.clientWidth)),
  );
  expect(overflow).toEqual([0, 0]);
}

/**
 * At `size`: the window as the user sees it (with `section` scrolled to the top), then the whole screen. The console's
 * main area scrolls inside the window, so a "full page" screenshot would show only the window: the full one is taken
 * in a window as tall as the screen's content.
 */
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

test('the supervisor plans a commune: proposes with two technicians, moves a day to the other, confirms', async ({ page }, testInfo) => {
  const shots = testInfo.outputPath('screens');
  mkdirSync(shots, { recursive: true });
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Lộ trình' }).click();
  await expect(page.getByRole('heading', { name: 'Lộ trình', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(COMMUNE) }).click();
  const hamlets = page.getByRole('table', { name: `Công việc theo thôn / tổ / ấp / khóm của ${COMMUNE}` });
  await expect(hamlets).toBeVisible();
  await expectAccessible(page, 'roadmap');

  const form = page.getByRole('form', { name: 'Lập lộ trình' });
  await form.getByRole('checkbox', { name: /Trịnh Thị Hoa/ }).check();
  await form.getByRole('checkbox', { name: /Hoàng Đức Mạnh/ }).check();
  await form.getByLabel('Số công việc / nhân viên / ngày').fill('10');
  await form.getByRole('button', { name: 'Đề xuất' }).click();
  const days = page.getByRole('table', { name: 'Lịch theo ngày' });
  await expect(days).toBeVisible();
  // Both technicians work the first day: 10 orders each at most.
  const first = page.getByLabel('Nhân viên của dòng 1', { exact: true });
  const second = page.getByLabel('Nhân viên của dòng 2', { exact: true });
  await expect(page.getByLabel('Ngày của dòng 2', { exact: true })).toHaveValue(
    await page.getByLabel('Ngày của dòng 1', { exact: true }).inputValue(),
  );
  const [hoa, manh] = [await first.inputValue(), await second.inputValue()];
  expect(hoa).not.toBe(manh);

  // Row 1 to the other technician: two rows on one technician's day are refused before anything is sent.
  await first.selectOption(manh);
  await page.getByRole('button', { name: 'Xác nhận lộ trình' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'có hai dòng cùng ngày' })).toBeVisible();
  // Swap them: each keeps one row that day.
  await second.selectOption(hoa);
  await expect(page.getByRole('alert').filter({ hasText: 'có hai dòng cùng ngày' })).toBeHidden();
  await expectAccessible(page, 'roadmap proposal');
  const proposal = page.getByRole('heading', { name: 'Lộ trình đề xuất' });
  await shoot(page, 'roadmap-proposal', { width: 1280, height: 800 }, proposal, shots);
  await shoot(page, 'roadmap-proposal', { width: 360, height: 740 }, proposal, shots);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Xác nhận lộ trình' }).click();
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`Đã lên lịch \\d+ công việc của ${COMMUNE}\\.`) })).toBeVisible();
  await expect(days).toBeHidden();
  // Every hamlet with orders to plan now has its dates.
  const rows = hamlets.getByRole('row');
  await expect(rows.nth(1)).toContainText(DATE);
  await expect(page.getByRole('button', { name: new RegExp(COMMUNE) })).toContainText(/Đã xác nhận \d{2}\/\d{2}\/\d{4}/);
  await expectAccessible(page, 'roadmap confirmed');
  const title = page.getByRole('heading', { name: 'Lộ trình', level: 1 });
  await shoot(page, 'roadmap', { width: 1280, height: 800 }, title, shots);
  await shoot(page, 'roadmap', { width: 360, height: 740 }, title, shots);
});
