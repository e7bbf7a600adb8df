import { expect, type BrowserContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo1234';

async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Signs in through the real sign-in screen and waits for the work list. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await submitSignIn(page, username, password);
  await expect(page.getByRole('heading', { name: 'Danh sách công việc' })).toBeVisible();
}

/** Signs a supervisor or an admin in through the real sign-in screen; they land on the console's map. */
export async function signInToConsole(page: Page, username: string): Promise<void> {
  await submitSignIn(page, username, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/console\/map$/);
}

/** Picks a language on a technician's phone: in the account sheet the name in the header opens, closed after. */
export async function chooseLanguage(page: Page, language: 'Tiếng Việt' | 'English'): Promise<void> {
  await page.getByTestId('account-button').click();
  await page.getByRole('dialog').getByRole('button', { name: language }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** "Đăng xuất" on a technician's phone: in the account sheet the name in the header opens. */
export async function pressSignOut(page: Page): Promise<void> {
  await page.getByTestId('account-button').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Đăng xuất' }).click();
}

export function workOrderRows(page: Page) {
  return page.getByTestId('work-order-row');
}

/** The service worker must control the page before going offline, or the reload has nothing to answer it. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
}

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

/** Names of the IndexedDB databases the origin holds. */
export async function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
}

/** Drags a rectangle over the middle of the console map, `share` of its width and height (selection mode). */
export async function drawRectangle(page: Page, share: number): Promise<void> {
  const box = await page.locator('.map-view').boundingBox();
  if (!box) throw new Error('map not visible');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx - (box.width * share) / 2, cy - (box.height * share) / 2);
  await page.mouse.down();
  await page.mouse.move(cx + (box.width * share) / 2, cy + (box.height * share) / 2, { steps: 8 });
  await page.mouse.up();
}
