import { expect, test, type Page } from '@playwright/test';
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

async function shoot(page: Page, path: string, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path, fullPage: true });
}

test('the supervisor plans a commune: proposes with two technicians, moves a day to the other, confirms', async ({ page }, testInfo) => {
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
  await shoot(page, testInfo.outputPath('roadmap-proposal-1280x800.png'), { width: 1280, height: 800 });
  await shoot(page, testInfo.outputPath('roadmap-proposal-360x740.png'), { width: 360, height: 740 });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Xác nhận lộ trình' }).click();
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`Đã lên lịch \\d+ công việc của ${COMMUNE}\\.`) })).toBeVisible();
  await expect(days).toBeHidden();
  // Every hamlet with orders to plan now has its dates.
  const rows = hamlets.getByRole('row');
  await expect(rows.nth(1)).toContainText(DATE);
  await expect(page.getByRole('button', { name: new RegExp(COMMUNE) })).toContainText(/Đã xác nhận \d{2}\/\d{2}\/\d{4}/);
  await expectAccessible(page, 'roadmap confirmed');
  await shoot(page, testInfo.outputPath('roadmap-1280x800.png'), { width: 1280, height: 800 });
  await shoot(page, testInfo.outputPath('roadmap-360x740.png'), { width: 360, height: 740 });
});
