import { expect, test, type APIRequestContext } from '@playwright/test';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';
import { writeSwapOffline, type Written } from './offlineWrites';
import { E2E_STATIC_DIR } from './paths';

/** Every photo request of the device: one photo (`/photos/:id`: PUT, HEAD) and batches (`POST /photos`). */
const PHOTO_UPLOADS = /\/api\/v1\/photos(\/[^?]*)?(\?.*)?$/;

/** The server, as the supervisor sees it: the completion stored exactly once (and, as asked, complete and readable). */
async function expectStoredOnce(
  playwright: { request: { newContext: (options: { baseURL?: string }) => Promise<APIRequestContext> } },
  baseURL: string | undefined,
  written: Written,
  check: { mediaComplete: boolean; photosReadable: boolean },
): Promise<void> {
  const supervisor = await playwright.request.newContext({ baseURL });
  expect((await supervisor.post('/api/v1/auth/login', { data: { username: 'supervisor1', password: 'demo1234' } })).status()).toBe(200);
  const detail = (await (await supervisor.get(`/api/v1/work-orders/${written.workOrderId}`)).json()) as {
    completions: { id: string; mediaStatus: string }[];
  };
  expect(detail.completions.filter((c) => c.id === written.completionId)).toHaveLength(1);
  if (check.mediaComplete) expect(detail.completions.find((c) => c.id === written.completionId)?.mediaStatus).toBe('complete');
  if (check.photosReadable) for (const id of written.photoIds) expect((await supervisor.get(`/api/v1/photos/${id}`)).status()).toBe(200);
  await supervisor.dispose();
}

test.describe('sync of records and photos', () => {
  test('an offline swap reaches the server exactly once, even when the push answer is lost, and the device says all sent only after the photos', async ({
    page,
    context,
    playwright,
    baseURL,
  }) => {
    await signIn(page, 'tech2');
    await expect(workOrderRows(page).first()).toBeVisible();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const written = await writeSwapOffline(page);

    // The first push reaches the server and commits; its answer is lost on the way back.
    let pushes = 0;
    await page.route('**/api/v1/sync/push', async (route) => {
      pushes += 1;
      if (pushes === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    // Photos are held back at first, to see that the record alone is not "all sent".
    let photosOpen = false;
    await page.route(PHOTO_UPLOADS, async (route) => {
      if (photosOpen) await route.continue();
      else await route.abort('connectionreset');
    });

    await page.getByTestId('status-chip').click();
    await expect(page.getByRole('heading', { name: 'Dữ liệu gửi đi' })).toBeVisible();
    await expect(page.getByTestId('outbox-item')).toHaveCount(1);
    await expect(page.getByTestId('outbox-item')).toHaveAttribute('data-state', 'pending');

    // Back online: the `online` event sends the record by itself (the lost answer is retried with backoff).
    await context.setOffline(false);
    await expect(page.getByTestId('outbox-item')).toHaveAttribute('data-record', 'acked', { timeout: 20_000 });
    expect(pushes).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('outbox-item')).toContainText('Ảnh: đã gửi 0/3');
    await expect(page.getByTestId('outbox-summary')).not.toContainText('Đã gửi hết');

    photosOpen = true;
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await expect(page.getByTestId('outbox-summary')).toHaveText('Đã gửi hết — có thể bàn giao máy', { timeout: 20_000 });
    await expect(page.getByTestId('outbox-item')).toHaveAttribute('data-state', 'sent');

    // The server, as the supervisor sees it: exactly one completion, with every photo.
    await expectStoredOnce(playwright, baseURL, written, { mediaComplete: true, photosReadable: true });
  });

  test('API requests, photo uploads included, go straight to the network: the service worker is never woken for them', async ({ page }) => {
    await signIn(page, 'tech2');
    await expect(workOrderRows(page).first()).toBeVisible();
    await waitForServiceWorker(page);
    const sources = await page.evaluate(async () => {
      performance.clearResourceTimings();
      // A shell file (the worker answers it from its precache) and an API read beside it.
      await (await fetch('/manifest.webmanifest')).text();
      await (await fetch('/api/v1/me')).text();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return performance.getEntriesByType('resource').map((entry) => ({
        path: new URL(entry.name).pathname,
        source: (entry as PerformanceResourceTiming & { workerMatchedSourceType?: string }).workerMatchedSourceType ?? null,
      }));
    });
    expect(sources).toContainEqual({ path: '/api/v1/me', source: 'network' });
    expect(sources.find((entry) => entry.path === '/manifest.webmanifest')?.source).not.toBe('network');
  });

  test('a tab closed while its push is on the wire: the next start finishes the job, once', async ({ page, context, playwright, baseURL }) => {
    await signIn(page, 'tech2');
    await expect(workOrderRows(page).first()).toBeVisible();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const written = await writeSwapOffline(page);

    // The push leaves and reaches the server, but the tab is closed before any answer comes back.
    let reached!: () => void;
    const pushReached = new Promise<void>((resolve) => (reached = resolve));
    await page.route('**/api/v1/sync/push', async (route) => {
      await route.fetch();
      reached();
      // Never answered: the tab dies first.
      await new Promise(() => undefined);
    });
    await context.setOffline(false);
    await pushReached;
    await page.close({ runBeforeUnload: false });

    // Next launch: the same user continues without signing in, and the outbox drains by itself.
    const next = await context.newPage();
    await next.goto('/outbox');
    await expect(next.getByTestId('outbox-summary')).toHaveText('Đã gửi hết — có thể bàn giao máy', { timeout: 30_000 });

    await expectStoredOnce(playwright, baseURL, written, { mediaComplete: false, photosReadable: false });
  });
});

// The e2e server serves a copy of dist/ (scripts/e2e-server.mjs), so a test can "deploy" a new version.
const SW_PATH = join(E2E_STATIC_DIR, 'sw.js');

test.describe('an app update while records wait', () => {
  test('updating the app with a record and its photos unsent loses nothing; they leave after the reload, once', async ({
    page,
    context,
    playwright,
    baseURL,
  }) => {
    await signIn(page, 'tech2');
    await expect(workOrderRows(page).first()).toBeVisible();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const written = await writeSwapOffline(page);

    // The network comes back but the server is unreachable for sync: the record and photos stay pending.
    await page.route('**/api/v1/sync/push', (route) => route.abort('connectionrefused'));
    await page.route(PHOTO_UPLOADS, (route) => route.abort('connectionrefused'));
    await context.setOffline(false);
    await page.getByTestId('status-chip').click();
    await expect(page.getByTestId('outbox-item')).toHaveAttribute('data-state', /pending|failed/);

    // A new version is deployed and the technician accepts it.
    const original = readFileSync(SW_PATH, 'utf8');
    try {
      appendFileSync(SW_PATH, `\n// deployment with pending work ${Date.now()}\n`);
      await page.evaluate(async () => {
        (window as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true;
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const prompt = page.getByTestId('update-prompt');
      await expect(prompt).toContainText('Có phiên bản mới');
      await prompt.getByRole('button', { name: 'Cập nhật' }).click();
      await page.waitForFunction(() => (window as unknown as { __beforeUpdate?: boolean }).__beforeUpdate === undefined);
    } finally {
      writeFileSync(SW_PATH, original);
    }

    // After the reload the record is still waiting, with its photos; then the server answers again.
    await page.goto('/outbox');
    await expect(page.getByTestId('outbox-item')).toHaveCount(1);
    await expect(page.getByTestId('outbox-item')).toContainText('Ảnh: đã gửi 0/3');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await expect(page.getByTestId('outbox-summary')).toHaveText('Đã gửi hết — có thể bàn giao máy', { timeout: 30_000 });

    await expectStoredOnce(playwright, baseURL, written, { mediaComplete: true, photosReadable: false });
  });
});
