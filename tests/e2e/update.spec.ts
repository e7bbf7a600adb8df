import { expect, test } from '@playwright/test';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn, waitForServiceWorker } from './helpers';
import { E2E_STATIC_DIR } from './paths';

// The e2e server serves a copy of dist/ (scripts/e2e-server.mjs), so the test can "deploy" a new version.
const SW_PATH = join(E2E_STATIC_DIR, 'sw.js');

test.describe('app update', () => {
  test('a new deployment is offered as "Có phiên bản mới — Cập nhật" and applied only when tapped', async ({ page }) => {
    await signIn(page, 'tech1');
    await waitForServiceWorker(page);
    const original = readFileSync(SW_PATH, 'utf8');
    try {
      appendFileSync(SW_PATH, `\n// deployment ${Date.now()}\n`);
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      await page.evaluate(() => {
        (window as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true;
      });
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        await registration?.update();
      });
      const prompt = page.getByTestId('update-prompt');
      await expect(prompt).toContainText('Có phiên bản mới');

      // The app never reloads by itself. Instead of watching the clock for a while: the new worker sits installed and
      // waiting while the old one still controls the page (the only way to a reload is its activation, which waits
      // for the tap), the page never navigated, and the marker set before the update is still there.
      await expect
        .poll(() =>
          page.evaluate(async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            return { waiting: registration?.waiting?.state, controlled: navigator.serviceWorker.controller !== null };
          }),
        )
        .toEqual({ waiting: 'installed', controlled: true });
      expect(navigations).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __beforeUpdate?: boolean }).__beforeUpdate)).toBe(true);

      await prompt.getByRole('button', { name: 'Cập nhật' }).click();
      await page.waitForFunction(() => (window as unknown as { __beforeUpdate?: boolean }).__beforeUpdate === undefined);
      await expect(page.getByRole('heading', { name: 'Danh sách công việc' })).toBeVisible();
      await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    } finally {
      writeFileSync(SW_PATH, original);
    }
  });
});
