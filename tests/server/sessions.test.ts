import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from './harness';
import { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, photoPath, swapFor, upload } from './syncFixtures';

const A = '/api/v1';
const DAY = 24 * 60 * 60 * 1000;
const SESSION = 'session';

const sessionCookie = (client: HttpClient): string | undefined => [...client.cookies].find(([name]) => name.toLowerCase().includes(SESSION))?.[1];

/** Every string leaf of a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

describe.each(backends)('sessions, login and logging (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200, config: { sessionIdleDays: 2, sessionAbsoluteDays: 5 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('rotates the session id at login: a planted or earlier cookie is never reused', async () => {
    const client = server.client();
    const first = await client.post(`${A}/auth/login`, { username: 'tech1', password: 'demo1234' });
    expect(first.status).toBe(200);
    const [[name, earlier] = ['', '']] = [...client.cookies];
    expect(earlier.length).toBeGreaterThan(20);
    const again = await client.post(`${A}/auth/login`, { username: 'tech1', password: 'demo1234' });
    expect(again.status).toBe(200);
    expect(client.cookies.get(name)).not.toBe(earlier);

    // Session fixation: a value an attacker planted before the victim signs in is not adopted.
    const planted = new HttpClient(server.baseUrl, () => server.clock.now().getTime());
    planted.cookies.set(
      name,
      earlier.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
    );
    const fixed = planted.cookies.get(name);
    expect((await planted.post(`${A}/auth/login`, { username: 'tech2', password: 'demo1234' })).status).toBe(200);
    expect(planted.cookies.get(name)).not.toBe(fixed);
    const attacker = new HttpClient(server.baseUrl, () => server.clock.now().getTime());
    attacker.cookies.set(name, fixed ?? '');
    expectProblem(await attacker.get(`${A}/auth/me`), 401, 'UNAUTHENTICATED');
  });

  it('sets the cookie HttpOnly, SameSite=Lax, path /; Secure only when a trusted proxy says HTTPS', async () => {
    const res = await server
      .client()
      .post(`${A}/auth/login`, { username: 'tech1', password: 'demo1234' }, { headers: { 'x-forwarded-proto': 'https' } });
    const [cookie = ''] = res.headers.getSetCookie();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    // TRUST_PROXY is off here: a client cannot claim HTTPS by sending the header itself.
    expect(cookie).not.toMatch(/;\s*Secure/i);

    // With TRUST_PROXY set, the same request gets Secure: tests/server/auth.test.ts.
  });

  it('ends every session of a user whose password the admin changes, and of a deactivated user', async () => {
    const phone = await server.login('tech2');
    const tablet = await server.login('tech2');
    const admin = await server.login('admin');
    const id = await server.userId('tech2');
    expect((await admin.request('PATCH', `${A}/users/${id}`, { json: { password: 'mot-mat-khau-moi-2026' } })).status).toBe(200);
    for (const device of [phone, tablet]) expectProblem(await device.get(`${A}/auth/me`), 401, 'UNAUTHENTICATED');
    const renewed = await server.login('tech2', 'mot-mat-khau-moi-2026');
    expect((await renewed.get(`${A}/auth/me`)).status).toBe(200);
    expect((await admin.request('PATCH', `${A}/users/${id}`, { json: { active: false } })).status).toBe(200);
    expectProblem(await renewed.get(`${A}/auth/me`), 401, 'UNAUTHENTICATED');
    // The admin's own session is untouched by either change.
    expect((await admin.get(`${A}/auth/me`)).status).toBe(200);
  });

  it('lets an admin sign a user out everywhere (lost phone) without touching the password; others may not', async () => {
    const phone = await server.login('tech5');
    const tablet = await server.login('tech5');
    const id = await server.userId('tech5');
    const supervisor = await server.login('supervisor2');
    expectProblem(await supervisor.request('DELETE', `${A}/users/${id}/sessions`), 403, 'FORBIDDEN');
    expectProblem(await phone.request('DELETE', `${A}/users/${id}/sessions`), 403, 'FORBIDDEN');
    expect((await phone.get(`${A}/auth/me`)).status).toBe(200);
    const admin = await server.login('admin');
    expectProblem(await admin.request('DELETE', `${A}/users/00000000-0000-4000-8000-000000000000/sessions`), 404, 'NOT_FOUND');
    expect((await admin.request('DELETE', `${A}/users/${id}/sessions`)).status).toBe(204);
    for (const device of [phone, tablet]) expectProblem(await device.get(`${A}/auth/me`), 401, 'UNAUTHENTICATED');
    expect((await admin.get(`${A}/auth/me`)).status).toBe(200);
    // The account and its password are unchanged: the technician signs in again.
    expect((await (await server.login('tech5')).get(`${A}/auth/me`)).status).toBe(200);
    expect((await server.store.audit.listForEntity('user', id)).map((e) => e.action)).toContain('user.sessions.end');
  });

  it('ends a session after the configured idle time, and an active one at the configured absolute lifetime', async () => {
    const idle = await server.login('tech3');
    server.clock.advance(2 * DAY + 60_000);
    expectProblem(await idle.get(`${A}/auth/me`), 401, 'UNAUTHENTICATED');

    const busy = await server.login('tech3');
    for (let day = 0; day < 4; day++) {
      server.clock.advance(DAY + 60_000);
      expect((await busy.get(`${A}/auth/me`)).status).toBe(200);
    }
    server.clock.advance(DAY + 60_000); // past 5 days since sign-in, though used a day ago
    expectProblem(await busy.get(`${A}/auth/me`), 401, 'UNAUTHENTICATED');
  });

  it('answers an unknown user and a wrong password alike, in similar time', async () => {
    const unknown: number[] = [];
    const wrong: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 6; i++) {
      server.clock.advance(20 * 60 * 1000); // past the rate limit windows: time the password check, not the limiter
      for (const [times, username] of [
        [unknown, `khong-co-ai-${i}`],
        [wrong, 'tech1'],
      ] as const) {
        const started = performance.now();
        const res = await server.client().post(`${A}/auth/login`, { username, password: 'sai-mat-khau-123' });
        times.push(performance.now() - started);
        const problem = expectProblem(res, 401, 'INVALID_CREDENTIALS');
        bodies.push(JSON.stringify({ ...problem, instance: undefined }));
      }
    }
    expect(new Set(bodies).size).toBe(1);
    // Both hash a password (a dummy one for unknown users): the medians stay within a factor of 2.
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms, wrong ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('logs each request with id, user, route, status and duration, and never passwords, cookies, signatures or photo bytes', async () => {
    server.clock.advance(20 * 60 * 1000);
    const from = server.logs.length;
    const tech = server.client();
    const secret = 'demo1234';
    expect((await tech.post(`${A}/auth/login`, { username: 'tech4', password: secret })).status).toBe(200);
    await server.client().post(`${A}/auth/login`, { username: 'tech4', password: 'mat-khau-sai-BI-MAT' });
    const cookie = sessionCookie(tech) ?? [...tech.cookies.values()][0] ?? '';
    expect(cookie.length).toBeGreaterThan(20);

    const fresh = new FreshWorkOrders(server, await server.login('supervisor2'), 'Cà Mau');
    const [wo] = await fresh.assignedTo('tech4');
    if (!wo) throw new Error('no work order');
    const swap = swapFor(wo);
    for (const photo of swap.photos) expect((await upload(tech, photo)).status).toBe(201);
    expect((await new Device(tech).send('swap.complete', swap.args)).status).toMatch(/^applied/);
    expect((await tech.get(photoPath(swap.photos[0]?.id ?? ''))).status).toBe(200);

    const lines = server.logs.slice(from);
    const text = lines.join('\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('mat-khau-sai-BI-MAT');
    expect(text).not.toContain(cookie);
    for (const photo of swap.photos) {
      const head = Buffer.from(photo.bytes.subarray(4, 40));
      for (const encoded of [head.toString('base64'), head.toString('hex'), head.toString('latin1')]) expect(text).not.toContain(encoded);
      expect(text).not.toContain(photo.id); // not even the id: routes are logged as patterns
    }
    // Nothing the technician captured (customer details, readings, signer names, notes) reaches the log.
    for (const value of strings(swap.args).filter((s) => s.length >= 6 && !/^\d{4}-\d\d-\d\dT/.test(s))) {
      expect(text, value).not.toContain(value);
    }

    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const line of requests) {
      expect(line.reqId).toEqual(expect.any(String));
      expect(line.status).toEqual(expect.any(Number));
      expect(line.durationMs).toEqual(expect.any(Number));
      expect(line.route ?? line.path).toEqual(expect.any(String));
      expect(line).toHaveProperty('userId');
    }
    const put = requests.find((l) => l.method === 'PUT');
    expect(put?.route).toBe(`${A}/photos/:photoId`);
    expect(put?.userId).toBe(await server.userId('tech4'));
  });

  it('logs a request the client abandons before the answer as "request aborted", with its id and route', async () => {
    const tech = await server.login('tech6');
    const cookie = [...tech.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const reqId = 'abandoned-upload-1';
    const req = request(`${server.baseUrl}${photoPath('d'.repeat(64))}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked', expect: '100-continue', 'x-request-id': reqId },
    });
    req.on('error', () => undefined);
    // 100 Continue: the server has read the headers and started on the request; half a JPEG, then the client is gone.
    req.once('continue', () => {
      req.write(Buffer.from([0xff, 0xd8, 0xff]));
      req.destroy();
    });
    req.flushHeaders();
    const lineOf = () => server.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reqId === reqId);
    await expect.poll(lineOf).toMatchObject({ msg: 'request aborted', method: 'PUT' });
    // The pattern once the route matched; the path when the client was gone before (the session check is async).
    const line = lineOf();
    expect(line?.route ?? line?.path).toMatch(/^\/api\/v1\/photos\//);
  });

  it('sends the security headers on errors and pages too, never X-Powered-By', async () => {
    for (const res of [await server.client().get(`${A}/auth/me`), await server.client().get(`${A}/nope`), await server.client().get('/some/page')]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'( 'wasm-unsafe-eval')?;/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("worker-src 'self'");
      expect(csp).toMatch(/connect-src 'self' https:\/\/tile\.openstreetmap\.org/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});
