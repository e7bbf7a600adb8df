import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Health } from '../../src/domain/users/auth';
import type { Store } from '../../server/store/store';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

describe.each(backends)('health and bad input (%s)', (backend) => {
  let server: TestServer;
  let supervisor: HttpClient;
  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 180 });
    supervisor = await server.login('supervisor1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('reports health with the database kind and the package version, without a session', async () => {
    const res = await server.client().get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(Health.parse(res.json())).toEqual({ status: 'ok', db: backend, version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown });
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED at path (body)', async () => {
    const res = await supervisor.request('POST', '/api/v1/assignments', {
      body: '{"workOrderIds": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ path: '(body)' })]);
  });

  it('answers wrong types and unknown fields with the fields at fault', async () => {
    const res = await supervisor.post('/api/v1/assignments', { workOrderIds: 'all', technicianId: 7, urgent: true });
    const errors = expectProblem(res, 400, 'VALIDATION_FAILED').errors ?? [];
    expect(errors.map((e) => e.path).sort()).toEqual(['(root)', 'technicianId', 'workOrderIds']);
    expect(errors.find((e) => e.path === '(root)')?.code).toBe('unrecognized_keys');
  });

  it('answers a JSON scalar or an empty body as a validation failure', async () => {
    const scalar = await supervisor.request('POST', '/api/v1/assignments', { body: '"hello"', headers: { 'content-type': 'application/json' } });
    expectProblem(scalar, 400, 'VALIDATION_FAILED');
    const empty = await supervisor.request('POST', '/api/v1/assignments');
    expectProblem(empty, 400, 'VALIDATION_FAILED');
  });

  it('answers a body over 256 KB with 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ workOrderIds: ['x'.repeat(300 * 1024)], technicianId: 'x' });
    expectProblem(
      await supervisor.request('POST', '/api/v1/assignments', { body: huge, headers: { 'content-type': 'application/json' } }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const form = await supervisor.request('POST', '/api/v1/assignments', {
      body: 'workOrderIds=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const login = await server
      .client()
      .request('POST', '/api/v1/auth/login', { body: 'username=tech1&password=demo1234', headers: { 'content-type': 'text/plain' } });
    expectProblem(login, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown API route with 404 NOT_FOUND, signed in or not', async () => {
    expectProblem(await server.client().get('/api/v1/nope'), 404, 'NOT_FOUND');
    expectProblem(await supervisor.get('/api/v2/health'), 404, 'NOT_FOUND');
    expectProblem(await supervisor.request('DELETE', '/api/v1/health'), 404, 'NOT_FOUND');
  });

  it('answers invalid query strings with the parameters at fault', async () => {
    const tech = await server.login('tech1');
    const res = await tech.get('/api/v1/sync/pull?clientId=not-a-uuid&limit=100000');
    const paths = expectProblem(res, 400, 'VALIDATION_FAILED')
      .errors?.map((e) => e.path)
      .sort();
    expect(paths).toEqual(['clientId', 'limit']);
    const repeated = await tech.get('/api/v1/sync/pull?clientId=a&clientId=b');
    expectProblem(repeated, 400, 'VALIDATION_FAILED');
  });

  it('survives a fuzz of random bodies without a 5xx or a stack trace', async () => {
    const bodies = [
      'null',
      '[]',
      '{}',
      '{"workOrderIds":[null]}',
      '{"workOrderIds":[],"technicianId":""}',
      '{"__proto__":{"x":1}}',
      '{"workOrderIds":["00000000-0000-4000-8000-000000000000"],"technicianId":"00000000-0000-4000-8000-000000000000","plannedDate":"2026-02-30"}',
      '\u0000',
      '{"a":'.repeat(5000),
      '1e999999',
      '{"workOrderIds":' + JSON.stringify(Array(501).fill('00000000-0000-4000-8000-000000000000')) + '}',
    ];
    for (const body of bodies) {
      const res = await supervisor.request('POST', '/api/v1/assignments', { body, headers: { 'content-type': 'application/json' } });
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.text).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});

/** A store whose chosen method fails the way a bug or an outage would. */
function failing(store: Store, error: Error): Store {
  return { ...store, users: { ...store.users, listActiveTechnicians: () => Promise.reject(error) } };
}

describe.each(backends)('unexpected failures (%s)', (backend) => {
  it('answers a bug with a generic 500 INTERNAL problem that is not retryable, and logs the stack server-side only', async () => {
    const bug = new TypeError('boom: secret internal detail');
    const server = await startTestServer(backend, { seed: 180, wrapStore: (s) => failing(s, bug) });
    try {
      const res = await (await server.login('supervisor1')).get('/api/v1/technicians');
      const problem = expectProblem(res, 500, 'INTERNAL');
      // The same request meets the same bug: a client that resent it on a timer would wait behind it for ever.
      expect(problem.retryable).toBe(false);
      expect(problem.detail).not.toContain('boom');
      expect(res.text).not.toContain('secret internal detail');
      const logged = server.logs.find((l) => l.includes('unhandled error')) ?? '';
      expect(logged).toContain('secret internal detail');
      expect(logged).toContain('"stack"');
    } finally {
      await server.close();
    }
  });

  it('reports an unreachable database on health with 503 UNAVAILABLE', async () => {
    const outage = Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    const server = await startTestServer(backend, { seed: false, wrapStore: (s) => ({ ...s, ping: () => Promise.reject(outage) }) });
    try {
      expectProblem(await server.client().get('/api/v1/health'), 503, 'UNAVAILABLE');
    } finally {
      await server.close();
    }
  });

  it('answers a database outage with 503 UNAVAILABLE and Retry-After', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const server = await startTestServer(backend, { seed: 180, wrapStore: (s) => failing(s, outage) });
    try {
      const res = await (await server.login('supervisor1')).get('/api/v1/technicians');
      expect(expectProblem(res, 503, 'UNAVAILABLE').retryable).toBe(true);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
