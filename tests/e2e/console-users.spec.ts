import { expect, test } from '@playwright/test';
import { expectAccessible } from './captureHelpers';
import { signInToConsole } from './helpers';

// The admin works on a laptop.
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

test('the admin creates a technician in Cà Mau, moves them to Thanh Hóa, and deactivates them, which signs them out', async ({
  page,
  playwright,
  baseURL,
}, testInfo) => {
  await signInToConsole(page, 'admin');
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await expect(page.getByRole('row', { name: /supervisor1/ })).toBeVisible();

  // Create: the form says what is missing before anything is sent.
  await page.getByRole('button', { name: 'Tạo người dùng' }).click();
  const form = page.getByRole('form', { name: 'Tạo người dùng mới' });
  await form.getByRole('button', { name: 'Tạo' }).click();
  await expect(form.getByText('Nhập họ tên.')).toBeVisible();
  await form.getByLabel('Tên đăng nhập').fill('tech-e2e');
  await form.getByLabel('Họ tên').fill('Phan Văn Thử');
  await form.getByLabel('Đội').selectOption({ label: 'Cà Mau' });
  await form.getByLabel('Mật khẩu').fill('matkhau-e2e');
  await form.getByRole('button', { name: 'Tạo' }).click();
  await expect(page.getByText('Đã tạo tài khoản tech-e2e.')).toBeVisible();
  const row = page.getByRole('row', { name: /tech-e2e/ });
  await expect(row).toContainText('Cà Mau');

  // The new technician signs in on their own device.
  const phone = await playwright.request.newContext({ baseURL });
  expect((await phone.post('/api/v1/auth/login', { data: { username: 'tech-e2e', password: 'matkhau-e2e' } })).status()).toBe(200);

  // Move to Thanh Hóa.
  await row.getByRole('button', { name: 'Sửa tech-e2e' }).click();
  const edit = page.getByRole('form', { name: 'Sửa tài khoản tech-e2e' });
  await edit.getByLabel('Đội').selectOption({ label: 'Thanh Hóa' });
  await edit.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu thay đổi của tech-e2e.')).toBeVisible();
  await expect(row).toContainText('Thanh Hóa');
  await expectAccessible(page, 'users');
  await page.screenshot({ path: testInfo.outputPath('users-1280x800.png') });

  // The phone is lost: "Đăng xuất mọi thiết bị" ends its session, the account stays usable.
  await row.getByRole('button', { name: 'Đăng xuất mọi thiết bị' }).click();
  await row.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByText('Đã đăng xuất Phan Văn Thử khỏi mọi thiết bị.')).toBeVisible();
  expect((await phone.get('/api/v1/auth/me')).status()).toBe(401);
  expect((await phone.post('/api/v1/auth/login', { data: { username: 'tech-e2e', password: 'matkhau-e2e' } })).status()).toBe(200);

  // Deactivate, confirmed: their session ends.
  await row.getByRole('button', { name: 'Khoá tài khoản' }).click();
  await expect(row.getByRole('alertdialog')).toContainText('Tài khoản sẽ bị đăng xuất khỏi mọi thiết bị');
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.screenshot({ path: testInfo.outputPath('users-800x1280.png') });
  await row.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByText(/Đã khoá Phan Văn Thử/)).toBeVisible();
  await expect(row).toContainText('Đã khoá');
  expect((await phone.get('/api/v1/auth/me')).status()).toBe(401);
  await phone.dispose();
});
