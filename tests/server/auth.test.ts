import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Me } from '../../src/domain/users/auth';
import { backends, startTestServer, type TestServer } from './harness';
import { expectProblem } from './problems';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(backends)('sign-in and sessions (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('signs in with the right password, answers Me and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const client = server.client();
    const res = await client.post('/api/v1/auth/login', { username: 'tech1', password: 'demo1234' });
    expect(res.status).toBe(200);
    const me = Me.parse(res.json());
    expect(me).toMatchObject({ username: 'tech1', role: 'technician', teamName: 'Thanh Hóa' });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const again = await client.get('/api/v1/auth/me');
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(me);
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    const res = await server.client().post('/api/v1/auth/login', { username: '  Tech2 ', password: 'demo1234' });
    expect(res.status).toBe(200);
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await server.client().post('/api/v1/auth/login', { username: 'tech3', password: 'not-the-password' });
    const unknown = await server.client().post('/api/v1/auth/login', { username: 'nobody', password: 'not-the-password' });
    const a = expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    const b = expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    expect(a).toEqual(b);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a deactivated account with the same answer as a wrong password', async () => {
    const tech6 = await server.userId('tech6');
    const signedIn = await server.login('tech6');
    await server.store.users.setActive(tech6, false);
    const res = await server.client().post('/api/v1/auth/login', { username: 'tech6', password: 'demo1234' });
    expectProblem(res, 401, 'INVALID_CREDENTIALS');
    expectProblem(await signedIn.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    await server.store.users.setActive(tech6, true);
  });

  it('refuses a login body with unknown fields or wrong types', async () => {
    const extra = await server.client().post('/api/v1/auth/login', { username: 'tech1', password: 'demo1234', admin: true });
    expect(expectProblem(extra, 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ code: 'unrecognized_keys' })]);
    const wrongType = await server.client().post('/api/v1/auth/login', { username: 42, password: ['x'] });
    const paths = expectProblem(wrongType, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path);
    expect(paths).toEqual(['username', 'password']);
  });

  it('answers /auth/me with 401 UNAUTHENTICATED without a session or with a forged cookie', async () => {
    expectProblem(await server.client().get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    const forged = server.client();
    forged.cookies.set('sid', 'A'.repeat(43));
    expectProblem(await forged.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('reads the session cookie among others as browsers send them; a repeated name counts once, the first', async () => {
    const token = (await server.login('supervisor2')).cookies.get('sid') ?? '';
    const me = (cookie: string) => server.client().get('/api/v1/auth/me', { headers: { cookie } });
    expect((await me(`theme=dark;  sid=${token} ; lang=vi`)).status).toBe(200);
    expect((await me(`sid=${token}; sid=${'A'.repeat(43)}`)).status).toBe(200);
    expectProblem(await me(`sid=${'A'.repeat(43)}; sid=${token}`), 401, 'UNAUTHENTICATED');
    expectProblem(await me(`xsid=${token}`), 401, 'UNAUTHENTICATED');
    expectProblem(await me('sid=%E0%A4%A; theme'), 401, 'UNAUTHENTICATED');
  });

  it('ends the session on the server at logout: the old cookie no longer works', async () => {
    const client = await server.login('supervisor1');
    const token = client.cookies.get('sid');
    const res = await client.post('/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(client.cookies.has('sid')).toBe(false);
    const replay = server.client();
    replay.cookies.set('sid', token ?? '');
    expectProblem(await replay.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('keeps a session alive while it is used (sliding 30 days) and ends it after 30 idle days', async () => {
    const client = await server.login('tech4');
    server.clock.advance(25 * DAY_MS);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    server.clock.advance(25 * DAY_MS);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    server.clock.advance(31 * DAY_MS);
    expectProblem(await client.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('ends even an active session at the absolute limit of 90 days', async () => {
    const client = await server.login('tech5');
    // Used every 20 days: never idle for long, last seen on day 80.
    for (let day = 0; day <= 80; day += 20) {
      expect((await client.get('/api/v1/auth/me')).status).toBe(200);
      if (day < 80) server.clock.advance(20 * DAY_MS);
    }
    server.clock.advance(11 * DAY_MS);
    expectProblem(await client.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('never writes passwords or session tokens to the log', async () => {
    const client = await server.login('tech1');
    await client.get('/api/v1/auth/me');
    const token = client.cookies.get('sid') ?? 'missing';
    const all = server.logs.join('\n');
    const tech1 = await server.userId('tech1');
    expect(all).toMatch(new RegExp(`"userId":"${tech1}","method":"POST","route":"/api/v1/auth/login","status":200`));
    expect(all).not.toContain('demo1234');
    expect(all).not.toContain(token);
  });
});

describe.each(backends)('login rate limits (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a sixth failed attempt on one username within 15 minutes with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      expectProblem(await server.client().post('/api/v1/auth/login', { username: 'tech2', password: `guess-${i}` }), 401, 'INVALID_CREDENTIALS');
    }
    const limited = await server.client().post('/api/v1/auth/login', { username: 'tech2', password: 'demo1234' });
    const problem = expectProblem(limited, 429, 'RATE_LIMITED');
    expect(problem.retryable).toBe(true);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account from the same address is unaffected.
    expect((await server.client().post('/api/v1/auth/login', { username: 'tech3', password: 'demo1234' })).status).toBe(200);
    server.clock.advance(retryAfter * 1000);
    expect((await server.client().post('/api/v1/auth/login', { username: 'tech2', password: 'demo1234' })).status).toBe(200);
  });

  it('refuses an address that sprays many usernames', async () => {
    server.clock.advance(60 * 60 * 1000);
    for (let i = 0; i < 30; i++) {
      expectProblem(await server.client().post('/api/v1/auth/login', { username: `ghost${i}`, password: 'x' }), 401, 'INVALID_CREDENTIALS');
    }
    const limited = await server.client().post('/api/v1/auth/login', { username: 'tech1', password: 'demo1234' });
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe.each(backends)('session cookie behind an HTTPS proxy (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { config: { trustProxy: true } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('marks the cookie Secure when the proxy says the request came over HTTPS', async () => {
    const res = await server.client().post(
      '/api/v1/auth/login',
      { username: 'tech1', password: 'demo1234' },
      {
        headers: { 'x-forwarded-proto': 'https' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('sid='))).toMatch(/Secure/);
  });
});
