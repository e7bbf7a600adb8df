import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ENDPOINTS, routePath } from '../../src/domain/protocol/endpoints';
import { createApiClient, type Transport } from '../../src/sync';
import { DEVICE_ROUTES } from '../../src/sync/api';
import { fetchUsers, updateUser } from '../../src/consoleApi/users';
import { callEndpoint } from '../../src/sync/endpoints';
import { FakeClock } from './support/fakePlatform';

const TEAM = { id: '3f2e1d0c-9b8a-4765-8432-10fedcba9876', name: 'Thanh Hóa', province: 'Thanh Hóa' };

function clientAnswering(body: unknown, status = 200) {
  const transport = vi.fn<Transport>(() =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })),
  );
  return { transport, api: createApiClient({ transport, clock: new FakeClock() }) };
}

describe('typed endpoint calls', () => {
  it('fills path parameters URI-encoded and sends the query and body the endpoint names', async () => {
    const { transport, api } = clientAnswering({ review: null });
    await callEndpoint(api, 'reviews.resolve', { params: { id: 'a/b c' }, json: { decision: 'approve' } });
    const [url, init] = transport.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/reviews/a%2Fb%20c/resolve');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(JSON.stringify({ decision: 'approve' }));

    await callEndpoint(api, 'workOrders.list', { query: { status: 'assigned,returned', limit: 5, q: undefined } });
    expect(transport.mock.calls[1]?.[0]).toBe('/api/v1/work-orders?status=assigned%2Creturned&limit=5');
  });

  it("parses the answer with the endpoint's response schema", async () => {
    const good = await callEndpoint(clientAnswering({ items: [TEAM] }).api, 'teams.list', {});
    expect(good).toEqual({ ok: true, value: { items: [TEAM] } });
    // The users list has a different shape: the teams schema must refuse it.
    const wrong = await callEndpoint(clientAnswering({ items: [{ id: 'x' }] }).api, 'teams.list', {});
    expect(wrong.ok ? null : wrong.error.code).toBe('BAD_RESPONSE');
  });

  it('keeps the console wrappers on the table: users by id, answers parsed', async () => {
    const { transport, api } = clientAnswering({ items: [] });
    expect(await fetchUsers(api)).toEqual({ ok: true, value: { items: [] } });
    await updateUser(api, 'u-1', { active: false });
    expect(transport.mock.calls.map(([url, init]) => `${init.method ?? ''} ${url}`)).toEqual(['GET /api/v1/users', 'PATCH /api/v1/users/u-1']);
  });

  it('rejects at compile time what an endpoint does not take', () => {
    const api = { call: vi.fn() };
    const compileOnly = () => {
      // @ts-expect-error: the review queue has no `sort` parameter
      void callEndpoint(api, 'reviews.list', { query: { sort: 'asc' } });
      // @ts-expect-error: resolving needs the review id
      void callEndpoint(api, 'reviews.resolve', { json: { decision: 'approve' } });
      // @ts-expect-error: a CSV download is a plain link, not a JSON call
      void callEndpoint(api, 'exports.completionsCsv', {});
    };
    expect(compileOnly).toBeTypeOf('function');
  });

  it("gives the device's own route table the methods and paths of the one declaration", () => {
    for (const [name, route] of Object.entries(DEVICE_ROUTES)) {
      const def = ENDPOINTS[name as keyof typeof DEVICE_ROUTES];
      expect(route, name).toEqual({ method: def.method, path: def.path });
    }
    expect(() => routePath('users.update')).toThrow(/id missing/);
  });

  it('leaves no hand-written fetch in the PWA outside the transport and the tile download', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && /\bfetch\(/.test(readFileSync(file, 'utf8'))) found.push(path.relative('src', file));
      }
    };
    walk('src');
    expect(found.sort()).toEqual(['main.tsx', path.join('sync', 'tileDownload.ts')]);
  });
});
