import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addPhoto, drawSignature, makeJpeg, readLocalState, siteCoordinates } from './captureHelpers';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';
import { firstPage, killPhone, launchPhone } from './phone';

// tech3's last work order. Everything happens offline, so nothing reaches the server and no other journey sees it.

/** How long after the last input the app is killed: well under any typing pause a debounce would wait for. */
const KILL_AFTER_MS = 100;

/** The stored swap draft of the work order (the one draft on the device). */
async function storedDraft(page: Page): Promise<Record<string, unknown>> {
  const { drafts } = await readLocalState(page);
  expect(drafts).toHaveLength(1);
  return drafts[0]?.data ?? {};
}

/** Kills the app `KILL_AFTER_MS` after the last input and opens it again offline on the capture screen. */
async function killAndReopen(
  context: BrowserContext,
  profile: string,
  baseURL: string,
  workOrderId: string,
): Promise<{ context: BrowserContext; page: Page }> {
  await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS));
  await killPhone(context, profile);
  const reopened = await launchPhone(profile, baseURL, true);
  const page = await firstPage(reopened);
  const response = await page.goto(`/work-orders/${workOrderId}/capture`);
  expect(response?.fromServiceWorker()).toBe(true);
  return { context: reopened, page };
}

test.describe("a technician's input survives the app being killed", () => {
  let profile = '';
  test.beforeEach(() => {
    profile = mkdtempSync(join(tmpdir(), 'meterswap-phone-'));
  });
  test.afterEach(() => {
    rmSync(profile, { recursive: true, force: true });
  });

  test('a serial and a reading typed, a photo attached and a signature drawn are there after a kill 100 ms later', async ({ baseURL }) => {
    test.setTimeout(120_000);
    if (baseURL === undefined) throw new Error('no baseURL');
    let context = await launchPhone(profile, baseURL, false);
    let page = await firstPage(context);
    await signIn(page, 'tech3');
    await expect(workOrderRows(page)).toHaveCount(30);
    await waitForServiceWorker(page);
    // Signed in earlier in the day, then the app closed (a kill right after signing in: sign-in-survives-kill.spec.ts).
    await context.close();

    context = await launchPhone(profile, baseURL, true);
    page = await firstPage(context);
    await context.grantPermissions(['geolocation']);
    await page.goto('/');
    await expect(workOrderRows(page)).toHaveCount(30);
    await workOrderRows(page).last().click();
    await expect(page.getByRole('button', { name: 'Bắt đầu' })).toBeVisible();
    const workOrderId = page.url().split('/').pop() ?? '';
    const site = await siteCoordinates(page);
    await context.setGeolocation({ latitude: site.latitude + 0.0002, longitude: site.longitude, accuracy: 9 });
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await expect(page.getByRole('heading', { name: 'Công tơ tháo', exact: true })).toBeVisible();

    // 1. Typing, key by key, then the app is killed.
    await page.getByLabel('Số công tơ', { exact: true }).pressSequentially('13579246');
    await page.getByLabel('Chỉ số tháo').pressSequentially('4321,5');
    ({ context, page } = await killAndReopen(context, profile, baseURL, workOrderId));
    await expect(page.getByLabel('Số công tơ', { exact: true })).toHaveValue('13579246');
    await expect(page.getByLabel('Chỉ số tháo')).toHaveValue('4321,5');

    // 2. A photo: its thumbnail is shown only once its bytes are stored, so a kill right after it keeps it.
    await addPhoto(page, 'removed_meter', await makeJpeg(page, 'OLD METER'), 1);
    ({ context, page } = await killAndReopen(context, profile, baseURL, workOrderId));
    const meterPhotos = page.locator('section.photos', { has: page.getByTestId('camera-removed_meter') });
    await expect(meterPhotos.locator('li.photos__item img')).toHaveCount(1);
    expect((await readLocalState(page)).photos).toHaveLength(1);

    // 3. A signature: straight to the handover step (the draft's step, as "Tiếp tục" would store it), draw, kill.
    await page.evaluate(async (id) => {
      const info = (await indexedDB.databases()).find((d) => d.name?.startsWith('meterswap-user-') === true);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info?.name ?? '');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error('open failed'));
      });
      const store = db.transaction('drafts', 'readwrite').objectStore('drafts');
      await new Promise<void>((resolve, reject) => {
        const get = store.get(`swap:${id}`);
        get.onsuccess = () => {
          const row = get.result as { data: Record<string, unknown> };
          const put = store.put({ ...row, data: { ...row.data, step: 'handover' } });
          put.onsuccess = () => resolve();
          put.onerror = () => reject(new Error('put failed'));
        };
        get.onerror = () => reject(new Error('get failed'));
      });
      db.close();
    }, workOrderId);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();
    await drawSignature(page, 'pad-handover.signature');
    // "Đã ký" is shown only once the strokes are on disk.
    await expect(page.locator('[data-field="handover.signature"]').getByText('Đã ký')).toBeVisible();
    ({ context, page } = await killAndReopen(context, profile, baseURL, workOrderId));
    await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();
    await expect(page.locator('[data-field="handover.signature"]').getByText('Đã ký')).toBeVisible();
    const handover = (await storedDraft(page)).handover as { signature: { strokes: unknown[] } };
    expect(handover.signature.strokes.length).toBeGreaterThan(0);
    await context.close();
  });
});
