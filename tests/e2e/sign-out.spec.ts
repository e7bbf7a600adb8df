import { expect, test } from '@playwright/test';
import { databaseNames, signIn, workOrderRows } from './helpers';

test.describe('shared device', () => {
  test('signing out with nothing pending clears the session and the next user never sees the first one\'s data', async ({ page }) => {
    await signIn(page, 'tech4');
    await expect(workOrderRows(page)).toHaveCount(30);
    const tech4Codes = await workOrderRows(page).getByTestId('work-order-code').allTextContents();
    const before = await databaseNames(page);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
    const after = await databaseNames(page);
    expect(after.length).toBeLessThan(before.length);

    // The session is over on the server too: the API refuses the old cookie.
    const me = await page.request.get('/api/v1/auth/me');
    expect(me.status()).toBe(401);

    await signIn(page, 'tech3');
    await expect(workOrderRows(page)).toHaveCount(30);
    const tech3Codes = await workOrderRows(page).getByTestId('work-order-code').allTextContents();
    expect(tech3Codes.filter((code) => tech4Codes.includes(code))).toEqual([]);
    await expect(page.getByText('Cà Mau')).toHaveCount(0);
  });
});
