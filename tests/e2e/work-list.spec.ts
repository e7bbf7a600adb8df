import { expect, test } from '@playwright/test';
import { chooseLanguage, signIn, workOrderRows } from './helpers';

test.describe('technician work list', () => {
  test('tech1 signs in and sees their 30 work orders for today in route order', async ({ page }) => {
    await signIn(page, 'tech1');
    await expect(workOrderRows(page)).toHaveCount(30);
    const routeNumbers = await workOrderRows(page).getByTestId('route-order').allTextContents();
    const numbers = routeNumbers.map((text) => Number(text.replace(/\D/g, '')));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    await expect(workOrderRows(page).first()).toContainText(/Thanh Hóa|Hóa|Thành|Xương|Sơn|Xuân/);
  });

  test('search narrows the list and a work order opens its detail page with a call link', async ({ page }) => {
    await signIn(page, 'tech1');
    const first = workOrderRows(page).first();
    const serial = (await first.getByTestId('old-meter-serial').textContent())?.trim() ?? '';
    expect(serial).not.toBe('');
    await page.getByRole('searchbox').fill(serial);
    await expect(workOrderRows(page)).toHaveCount(1);
    await workOrderRows(page).first().click();
    await expect(page).toHaveURL(/\/work-orders\/[0-9a-f-]{36}$/);
    await expect(page.getByText(serial)).toBeVisible();
    const call = page.getByRole('link', { name: /Gọi/ });
    await expect(call).toHaveAttribute('href', /^tel:0\d{9}$/);
    await expect(page.getByText(/\d{2}\/\d{2}\/\d{4}/).first()).toBeVisible();
  });

  test('wrong password shows a Vietnamese message that says what to do', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Tên đăng nhập').fill('tech1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert')).toContainText('Sai tên đăng nhập hoặc mật khẩu');
  });

  test('language switches to English, is remembered across a reload, and switches back', async ({ page }) => {
    await signIn(page, 'tech1');
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    await chooseLanguage(page, 'English');
    await expect(page.getByRole('heading', { name: 'Work orders' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Work orders' })).toBeVisible();
    await chooseLanguage(page, 'Tiếng Việt');
    await expect(page.getByRole('heading', { name: 'Danh sách công việc' })).toBeVisible();
  });

  test('at 320 px the status filter is never cut, in either language: it drops under the count when they do not fit', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 700 });
    await signIn(page, 'tech1');
    const select = page.locator('.wo-status-select select');
    /** The filter's width on the page, and the width its longest option needs. */
    const widths = () =>
      select.evaluate((el) => {
        const free = el.cloneNode(true) as HTMLElement;
        free.style.cssText = 'position: absolute; visibility: hidden; width: max-content; max-width: none';
        el.parentElement?.append(free);
        const needed = free.getBoundingClientRect().width;
        free.remove();
        const box = el.getBoundingClientRect();
        return { shown: box.width, right: box.right, needed };
      });
    for (const language of ['Tiếng Việt', 'English'] as const) {
      if (language === 'English') await chooseLanguage(page, language);
      await expect(page.locator('html')).toHaveAttribute('lang', language === 'English' ? 'en' : 'vi');
      const { shown, right, needed } = await widths();
      expect(shown).toBeGreaterThanOrEqual(needed - 0.5);
      expect(right).toBeLessThanOrEqual(320);
    }
  });
});
