import { expect, test } from '@playwright/test';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';
import { unassignedWorkOrderIds } from './serverData';

test.describe('offline work list', () => {
  test('after going offline, a reload still shows the app and the list from the service worker', async ({ page, context }) => {
    await signIn(page, 'tech1');
    await expect(workOrderRows(page)).toHaveCount(30);
    await waitForServiceWorker(page);

    await context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(workOrderRows(page)).toHaveCount(30);
    await expect(page.getByTestId('status-chip')).toContainText('Ngoại tuyến');

    // A deep link opened while offline falls back to the cached app shell.
    const second = await context.newPage();
    await second.goto('/work-orders');
    await expect(workOrderRows(second)).toHaveCount(30);
    await context.setOffline(false);
  });

  test('back online, a new assignment made on the server appears after sync', async ({ page, context, playwright, baseURL }) => {
    await signIn(page, 'tech2');
    await expect(workOrderRows(page)).toHaveCount(30);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await expect(page.getByTestId('status-chip')).toContainText('Ngoại tuyến');

    // The supervisor assigns one more work order to tech2 while the phone is offline.
    const supervisor = await playwright.request.newContext({ baseURL });
    const login = await supervisor.post('/api/v1/auth/login', { data: { username: 'supervisor1', password: 'demo1234' } });
    expect(login.status()).toBe(200);
    const technicians = (await (await supervisor.get('/api/v1/technicians')).json()) as { items: { id: string; username: string }[] };
    const tech2 = technicians.items.find((t) => t.username === 'tech2');
    expect(tech2).toBeDefined();
    const [orderId] = unassignedWorkOrderIds('Thanh Hóa', 1);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const assigned = await supervisor.post('/api/v1/assignments', {
      data: { workOrderIds: [orderId], technicianId: tech2?.id, plannedDate: today },
    });
    expect(assigned.status()).toBe(200);
    await supervisor.dispose();

    // Still offline: nothing changes on the device.
    await expect(workOrderRows(page)).toHaveCount(30);
    // The `online` event triggers a pull without the technician doing anything.
    await context.setOffline(false);
    await expect(workOrderRows(page)).toHaveCount(31, { timeout: 20_000 });
    await expect(page.getByTestId('status-chip')).toHaveAttribute('data-connectivity', 'online');
    await expect(page.getByTestId('status-chip')).toContainText('Trực tuyến');
  });

  test('the sync button pulls a reassignment away from the device', async ({ page, playwright, baseURL }) => {
    await signIn(page, 'tech5');
    await expect(workOrderRows(page)).toHaveCount(30);
    const supervisor = await playwright.request.newContext({ baseURL });
    await supervisor.post('/api/v1/auth/login', { data: { username: 'supervisor2', password: 'demo1234' } });
    const technicians = (await (await supervisor.get('/api/v1/technicians')).json()) as { items: { id: string; username: string }[] };
    const tech6 = technicians.items.find((t) => t.username === 'tech6');
    const rowLink = workOrderRows(page).last();
    await rowLink.click();
    const orderId = page.url().split('/').pop();
    await page.goBack();
    const moved = await supervisor.post('/api/v1/assignments', { data: { workOrderIds: [orderId], technicianId: tech6?.id } });
    expect(moved.status()).toBe(200);
    await supervisor.dispose();

    await page.getByRole('button', { name: 'Đồng bộ' }).click();
    await expect(workOrderRows(page)).toHaveCount(29);
  });
});
