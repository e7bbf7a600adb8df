import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from './harness';
import { expectProblem } from './problems';
import { concretePath, listAppRoutes } from './routes';

/** The only API routes anyone may call without a session. */
/** No session needed: the health check, sign-in, the API's description, a commune's public figures, and the notice gateway's receipts (its signature is the credential: tests/server/notices.test.ts), and the head-end's readings (an API token). */
const PUBLIC_ROUTES = [
  'GET /api/v1/health',
  'POST /api/v1/auth/login',
  'GET /api/v1/openapi.json',
  'GET /api/v1/public/communes/:slug',
  'POST /api/v1/notices/receipts',
  // The head-end system's readings: no session, an API token is the credential (tests/server/hes.test.ts).
  'POST /api/v1/hes/meter-readings',
];

describe.each(backends)('security (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  const apiRoutes = () => listAppRoutes(server.app).filter((r) => r.path.startsWith('/api/'));

  it('finds the API routes by walking the router', () => {
    const names = apiRoutes().map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        ...PUBLIC_ROUTES,
        'GET /api/v1/auth/me',
        'POST /api/v1/auth/logout',
        'GET /api/v1/sync/pull',
        'POST /api/v1/assignments',
        'GET /api/v1/technicians',
        'POST /api/v1/sync/push',
        'PUT /api/v1/photos/:photoId',
        'POST /api/v1/photos',
        'GET /api/v1/photos/:photoId',
        'GET /api/v1/work-orders/:id',
      ]),
    );
  });

  it('refuses every route but health and login without a session, before reading the body', async () => {
    const guarded = apiRoutes().filter((r) => !PUBLIC_ROUTES.includes(`${r.method} ${r.path}`));
    expect(guarded.length).toBeGreaterThan(3);
    for (const route of guarded) {
      // A malformed body must not matter: authentication comes first.
      const withBody = route.method !== 'GET' && route.method !== 'HEAD';
      const res = await server
        .client()
        .request(route.method, concretePath(route.path), withBody ? { body: '{"not json', headers: { 'content-type': 'application/json' } } : {});
      expectProblem(res, 401, 'UNAUTHENTICATED');
    }
  });

  it('refuses a technician on supervisor routes with 403 FORBIDDEN, before validating the body', async () => {
    const tech = await server.login('tech1');
    expectProblem(await tech.get('/api/v1/technicians'), 403, 'FORBIDDEN');
    expectProblem(await tech.post('/api/v1/assignments', { nonsense: true }), 403, 'FORBIDDEN');
  });

  it('refuses a state-changing request from another origin with 403 ORIGIN_MISMATCH', async () => {
    const res = await server.client().post(
      '/api/v1/auth/login',
      { username: 'tech1', password: 'demo1234' },
      {
        headers: { origin: 'https://evil.example' },
      },
    );
    expectProblem(res, 403, 'ORIGIN_MISMATCH');
    expect(res.headers.getSetCookie()).toEqual([]);
    const signedIn = await server.login('supervisor1');
    const assign = await signedIn.post('/api/v1/assignments', {}, { headers: { origin: 'null' } });
    expectProblem(assign, 403, 'ORIGIN_MISMATCH');
  });

  it('accepts a request whose Origin is the server itself, or that has no Origin', async () => {
    const same = await server.client().post(
      '/api/v1/auth/login',
      { username: 'tech1', password: 'demo1234' },
      {
        headers: { origin: server.baseUrl },
      },
    );
    expect(same.status).toBe(200);
    const readOnly = await server.client().get('/api/v1/health', { headers: { origin: 'https://evil.example' } });
    expect(readOnly.status).toBe(200);
  });

  it('sends security headers: CSP without inline script, nosniff, frame deny; no X-Powered-By', async () => {
    const res = await server.client().get('/api/v1/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
