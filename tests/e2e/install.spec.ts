import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumExecutable } from './browser';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';

// A persistent profile behaves like an installed browser: no incognito, storage survives closing it.
test.describe('installable app', () => {
  test('reports no installability errors, and starts with no network after the browser was closed', async ({ baseURL }) => {
    const profile = mkdtempSync(join(tmpdir(), 'meterswap-profile-'));
    const launch = () =>
      chromium.launchPersistentContext(profile, {
        executablePath: chromiumExecutable(),
        args: CHROMIUM_ARGS,
        baseURL,
        viewport: { width: 412, height: 915 },
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
      });
    try {
      let context = await launch();
      let page = context.pages()[0] ?? (await context.newPage());
      await signIn(page, 'tech3');
      await expect(workOrderRows(page)).toHaveCount(30);
      await waitForServiceWorker(page);

      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);

      const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
        name: string;
        lang: string;
        theme_color: string;
        icons: { purpose?: string; sizes: string }[];
      };
      expect(manifest.name).toBe('Treo tháo công tơ');
      expect(manifest.lang).toBe('vi');
      expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(manifest.icons.some((icon) => icon.purpose?.includes('maskable'))).toBe(true);
      expect(manifest.icons.some((icon) => icon.sizes === '512x512')).toBe(true);
      await context.close();

      // Close the browser, start it again with no network at all.
      context = await launch();
      await context.setOffline(true);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Danh sách công việc' })).toBeVisible();
      await expect(workOrderRows(page)).toHaveCount(30);
      await expect(page.getByTestId('status-chip')).toContainText('Ngoại tuyến');
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
