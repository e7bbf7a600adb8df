import { expect, test, type Page } from '@playwright/test';
import { databaseNames, pressSignOut, signIn, waitForServiceWorker, workOrderRows } from './helpers';

/** Every URL the service worker's caches hold, and everything in web storage, as the page sees them. */
async function storedByOrigin(page: Page): Promise<{ cached: string[]; storage: string }> {
  return page.evaluate(async () => {
    const cached: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) cached.push(request.url);
    }
    const dump = (store: Storage) =>
      Array.from({ length: store.length }, (_, i) => {
        const key = store.key(i) ?? '';
        return [key, store.getItem(key)];
      });
    const storage = JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage) });
    return { cached, storage };
  });
}

test.describe('shared device', () => {
  test("signing out with nothing pending clears the session and the next user never sees the first one's data", async ({ page }) => {
    await signIn(page, 'tech4');
    await expect(workOrderRows(page)).toHaveCount(30);
    const tech4Codes = await workOrderRows(page).getByTestId('work-order-code').allTextContents();
    const before = await databaseNames(page);

    // The service worker caches the app and map tiles only: never an API answer, nothing personal in a URL.
    await waitForServiceWorker(page);
    const whileSignedIn = await storedByOrigin(page);
    expect(whileSignedIn.cached.length).toBeGreaterThan(0);
    expect(whileSignedIn.cached.filter((url) => new URL(url).pathname.startsWith('/api/'))).toEqual([]);
    expect(tech4Codes.length).toBeGreaterThan(0);
    for (const code of tech4Codes) expect(whileSignedIn.cached.join('\n')).not.toContain(code);
    expect(page.url()).not.toMatch(/customer|phone|PA\d{6}/i);

    await pressSignOut(page);
    await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
    const after = await databaseNames(page);
    expect(after.length).toBeLessThan(before.length);
    const afterSignOut = await storedByOrigin(page);
    expect(afterSignOut.cached.filter((url) => new URL(url).pathname.startsWith('/api/'))).toEqual([]);
    for (const code of tech4Codes) expect(afterSignOut.storage).not.toContain(code);

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
