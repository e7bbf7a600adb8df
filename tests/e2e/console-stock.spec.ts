import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { devices, expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './captureHelpers';
import { signIn, signInToConsole } from './helpers';

test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const HEADER = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
const meter = (i: number) => `ES${String(i).padStart(6, '0')};DDS26D-RF;1;2026;15/10/2026;KD-${i};;LO-E2E;;;`;
const file = (rows: string[]) => ({
  name: 'phieu-giao.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8'),
});

async function shoot(page: Page, name: string, size: { width: number; height: number }, section: Locator, dir: string): Promise<void> {
  await page.setViewportSize(size);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(dir, `${name}-${size.width}x${size.height}.png`) });
  const height = await page.evaluate(
    () => (document.querySelector('.console__header')?.clientHeight ?? 0) + (document.querySelector('.console__main')?.scrollHeight ?? 0),
  );
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: join(dir, `${name}-${size.width}-full.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('the supervisor imports a delivery and issues 20 meters and 50 seals to tech1, every count from the movements', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const shots = process.env.STOCK_SHOTS ?? testInfo.outputPath('screens');
  mkdirSync(shots, { recursive: true });
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Vật tư' }).click();
  await expect(page.getByRole('heading', { name: 'Vật tư: công tơ và niêm chì', level: 1 })).toBeVisible();
  const summary = page.getByRole('table').filter({ hasText: 'Kho của đội' });
  await expect(summary).toBeVisible();

  // A delivery with a reversed seal range: listed with its line and column, nothing imported.
  const picker = page.locator('.stock-section input[type=file]');
  const meters = Array.from({ length: 30 }, (_, i) => meter(i + 1));
  await picker.setInputFiles(file([...meters, ';;;;;;;LO-S;EN000100;EN000001;terminal_cover']));
  const errors = page.getByRole('table').filter({ hasText: 'NIEM_TU' });
  await expect(errors.getByRole('row').filter({ hasText: 'Dải bị ngược' })).toContainText('32');
  await expectAccessible(page, 'stock delivery errors');

  await picker.setInputFiles(file([...meters, ';;;;;;;LO-S;en 000001;EN000100;terminal_cover']));
  await expect(page.getByRole('status').filter({ hasText: '31 dòng hợp lệ: 30 công tơ, 100 niêm chì.' })).toBeVisible();
  await page.getByRole('button', { name: 'Nhập vào kho' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã nhập vào kho 30 công tơ và 100 niêm chì' })).toBeVisible();
  const warehouse = summary.getByRole('row').filter({ hasText: 'Kho của đội' });
  await expect(warehouse).toContainText('30');
  await expect(warehouse).toContainText('100');

  // Issue 20 meters by range and 50 seals by range with the pliers number.
  await page.getByRole('combobox', { name: 'Kỹ thuật viên' }).selectOption({ label: 'Nguyễn Văn Hùng' });
  await page.getByLabel('Số công tơ').fill('ES000001 - ES000020');
  await page.getByLabel('Mã niêm chì').fill('en000001 - EN000050');
  await page.getByLabel('Số kìm niêm chì').fill('K-07');
  await page.getByRole('button', { name: 'Cấp vật tư' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã cấp 20 công tơ và 50 niêm chì cho Nguyễn Văn Hùng.' })).toBeVisible();
  const tech1 = summary.getByRole('row').filter({ hasText: 'Nguyễn Văn Hùng' });
  await expect(tech1.locator('td').nth(0)).toHaveText('20');
  await expect(tech1.locator('td').nth(1)).toHaveText('50');
  await expect(warehouse.locator('td').nth(0)).toHaveText('10');
  await expect(warehouse.locator('td').nth(1)).toHaveText('50');

  // The same meters again: refused item by item, nothing moved.
  await page.getByLabel('Số công tơ').fill('ES000001\nES000031');
  await page.getByRole('button', { name: 'Cấp vật tư' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Có 2 mã không hợp lệ' });
  await expect(refusal).toContainText('ES000001: không còn trong kho');
  await expect(refusal).toContainText('ES000031: không có trong kho của đội');
  await expect(tech1.locator('td').nth(0)).toHaveText('20');
  await expectAccessible(page, 'stock screen');

  const title = page.getByRole('heading', { name: 'Vật tư: công tơ và niêm chì', level: 1 });
  await shoot(page, 'stock', { width: 1280, height: 800 }, title, shots);
  await shoot(page, 'stock', { width: 360, height: 740 }, title, shots);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Stock: meters and seals', level: 1 })).toBeVisible();
  await shoot(page, 'stock-en', { width: 1280, height: 800 }, page.getByRole('heading', { level: 1 }), shots);

  // tech1's phone pulls what was issued: "Vật tư" lists the 20 meters and the 50 seals as one run, with the pliers number.
  const phone = await browser.newContext({ ...devices['Pixel 7'], baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  try {
    const tech = await phone.newPage();
    await signIn(tech, 'tech1');
    await tech.goto('/outbox');
    await tech.getByRole('link', { name: 'Vật tư đang giữ' }).click();
    await expect(tech.getByRole('heading', { name: 'Vật tư', level: 1 })).toBeVisible();
    await expect(tech.getByText('Bạn đang giữ 20 công tơ và 50 niêm chì.')).toBeVisible();
    await expect(tech.getByText('EN000001 – EN000050')).toBeVisible();
    await expect(tech.getByText('Số kìm: K-07')).toBeVisible();
    await expect(tech.getByText('ES000020')).toBeVisible();
    await expectAccessible(tech, 'technician stock');
    await tech.screenshot({ path: join(shots, 'my-stock-360.png'), fullPage: true });
  } finally {
    await phone.close();
  }
});
