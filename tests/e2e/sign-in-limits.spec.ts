import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, pressSignOut, signIn } from './helpers';

test("a phone that signed in before still signs in while a stranger's guesses have locked its username", async ({ page, playwright, baseURL }) => {
  // An account of this test's own: the lock-out it causes lasts 15 minutes and must touch no other spec's account.
  const username = `tech-limit-${Date.now().toString(36)}`;
  const password = 'matkhau-gioi-han';
  const admin = await playwright.request.newContext({ baseURL });
  expect((await admin.post('/api/v1/auth/login', { data: { username: 'admin', password: DEMO_PASSWORD } })).status()).toBe(200);
  const teams = (await (await admin.get('/api/v1/teams')).json()) as { items: { id: string }[] };
  const created = await admin.post('/api/v1/users', {
    data: { username, displayName: 'Lê Văn Khoá', role: 'technician', teamId: teams.items[0]?.id ?? null, password },
  });
  expect(created.status(), await created.text()).toBe(201);
  await admin.dispose();

  await signIn(page, username, password);
  // The device cookie: HttpOnly (no script reads it), Strict, and sent to the sign-in alone.
  const device = (await page.context().cookies()).find((c) => c.name === 'login_device');
  expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth/login' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('login_device');
  await pressSignOut(page);
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();

  // Someone elsewhere guesses until the username is locked; even the right password is refused to them now.
  const stranger = await playwright.request.newContext({ baseURL });
  const guesses = [];
  for (let i = 0; i < 6; i++) guesses.push((await stranger.post('/api/v1/auth/login', { data: { username, password: `doan-${i}` } })).status());
  expect(guesses).toEqual([401, 401, 401, 401, 401, 429]);
  expect((await stranger.post('/api/v1/auth/login', { data: { username, password } })).status()).toBe(429);
  await stranger.dispose();

  // The technician's own phone signs in through the ordinary screen all the same.
  await signIn(page, username, password);
});
