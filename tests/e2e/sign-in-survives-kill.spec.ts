import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseNames, pressSignOut, signIn, waitForServiceWorker, workOrderRows } from './helpers';
import { firstPage, killPhone, launchPhone } from './phone';

// tech2 only signs in and reads: nothing reaches the server. Other journeys may give tech2 more work, so the list is
// compared with itself before the kill rather than with the demo data's 30.

/** Where the app keeps the device's user (src/local/deviceUser.ts), and where versions before it did. */
const DEVICE_DATABASE = 'meterswap-device';
const LEGACY_KEY = 'meterswap.deviceUser';

/** How long after the list shows the app is killed: far less than the seconds Chromium waits to flush localStorage. */
const KILL_AFTER_MS = 100;

test.describe('the signed-in user survives the app being killed', () => {
  let profile = '';
  test.beforeEach(() => {
    profile = mkdtempSync(join(tmpdir(), 'meterswap-phone-'));
  });
  test.afterEach(() => {
    rmSync(profile, { recursive: true, force: true });
  });

  test('killed 100 ms after signing in, the app reopens offline signed in, on the work list', async ({ baseURL }) => {
    test.setTimeout(90_000);
    if (baseURL === undefined) throw new Error('no baseURL');
    const context = await launchPhone(profile, baseURL, false);
    const page = await firstPage(context);
    // The app is installed first (the service worker holds the shell), so that signing in is the last thing done
    // before the kill: installing takes seconds, long enough for Chromium to flush what a sign-in wrote lazily.
    await page.goto('/');
    await waitForServiceWorker(page);
    await signIn(page, 'tech2');
    await expect(workOrderRows(page).first()).toBeVisible();
    const codes = await workOrderRows(page).getByTestId('work-order-code').allTextContents();
    await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS));
    await killPhone(context, profile);

    // In the village: no network, so the sign-in screen would lock the technician out of his own device's data.
    const reopened = await launchPhone(profile, baseURL, true);
    const again = await firstPage(reopened);
    const response = await again.goto('/');
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(again.getByRole('heading', { name: 'Danh sách công việc' })).toBeVisible();
    await expect(workOrderRows(again)).toHaveCount(codes.length);
    expect(await workOrderRows(again).getByTestId('work-order-code').allTextContents()).toEqual(codes);
    await expect(again.getByRole('button', { name: 'Đăng nhập' })).toHaveCount(0);
    await reopened.close();
  });

  test('a phone updated from a version that kept the user in localStorage opens offline, signed in, and moves it', async ({ baseURL }) => {
    test.setTimeout(90_000);
    if (baseURL === undefined) throw new Error('no baseURL');
    let context = await launchPhone(profile, baseURL, false);
    let page = await firstPage(context);
    await page.goto('/');
    await waitForServiceWorker(page);
    await signIn(page, 'tech2');
    await expect(workOrderRows(page).first()).toBeVisible();
    // The device as the older version left it: the user in localStorage, no device database (the user's own
    // database stays). Done on a page without the app, so nothing holds the device database open.
    await page.goto('/api/v1/health');
    await page.evaluate(
      async ({ database, key }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(database);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(new Error('open failed'));
        });
        const row = await new Promise<{ me: unknown }>((resolve, reject) => {
          const get = db.transaction('device').objectStore('device').get('user');
          get.onsuccess = () => resolve(get.result as { me: unknown });
          get.onerror = () => reject(new Error('get failed'));
        });
        db.close();
        localStorage.setItem(key, JSON.stringify(row.me));
        await new Promise<void>((resolve, reject) => {
          const removal = indexedDB.deleteDatabase(database);
          removal.onsuccess = () => resolve();
          removal.onerror = () => reject(new Error('delete failed'));
        });
      },
      { database: DEVICE_DATABASE, key: LEGACY_KEY },
    );
    // An orderly close: the older version's localStorage is on disk, as it is on a phone used for days.
    await context.close();

    context = await launchPhone(profile, baseURL, true);
    page = await firstPage(context);
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Danh sách công việc' })).toBeVisible();
    await expect(workOrderRows(page).first()).toBeVisible();
    expect(await page.evaluate((key) => localStorage.getItem(key), LEGACY_KEY)).toBeNull();
    expect(await databaseNames(page)).toContain(DEVICE_DATABASE);

    // Signing out still forgets the user: the next start offline is the sign-in screen.
    await pressSignOut(page);
    // Offline, sign-out first warns that signing in again will need the network.
    await page.getByRole('alertdialog').getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
    await context.close();
    context = await launchPhone(profile, baseURL, true);
    page = await firstPage(context);
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
    await context.close();
  });
});
