import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireEveryEndpointRouted, route, routedEndpoints } from '../../server/http/route';
import { RequestContexts } from '../../server/http/requestContext';
import { createAuthService } from '../../server/services/authService';
import { buildOpenApiDocument, type OpenApiDocument } from '../../server/openapi/document';
import { EXAMPLES } from '../../server/openapi/examples';
import { ENDPOINT_NAMES, ENDPOINTS, type EndpointDef, type EndpointName } from '../../src/domain/protocol/endpoints';
import { ERROR_CODES } from '../../src/domain/protocol/errors';
import { ReviewQueue } from '../../src/domain/console/reviews';
import { RoadmapProposal } from '../../src/domain/campaign/roadmap';
import { PullResponse } from '../../src/domain/protocol/sync';
import { WorkOrderListResponse } from '../../src/domain/workOrder/workOrderQuery';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { paddedPng } from '../../scripts/testImages';
import { concretePath } from './routes';
import { swapFor, FreshWorkOrders } from './syncFixtures';
import { ContractChecker, documentedOperations, registeredOperations } from './openapiContract';

const sorted = (list: string[]) => [...new Set(list)].sort();

describe('OpenAPI document ↔ routes', () => {
  let server: TestServer;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { seed: 180 });
    const res = await server.client().get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    doc = res.json() as OpenApiDocument;
  });
  afterAll(() => server.close());

  it('documents every registered route, and registers every documented operation', () => {
    const registered = sorted(registeredOperations(server.app));
    const documented = sorted(documentedOperations(doc));
    expect(
      registered.filter((op) => !documented.includes(op)),
      'routes without a documented operation',
    ).toEqual([]);
    expect(
      documented.filter((op) => !registered.includes(op)),
      'documented operations without a route',
    ).toEqual([]);
    expect(registered.length).toBeGreaterThanOrEqual(Object.keys(ENDPOINTS).length);
  });

  it('gives every declared endpoint exactly one handler, built from its declaration', () => {
    const apiRouter = (server.app.router as unknown as { listRoutes(): { path: unknown; router?: Router }[] })
      .listRoutes()
      .find((r) => r.path === '/api/v1')?.router;
    if (!apiRouter) throw new Error('no API router');
    expect([...routedEndpoints(apiRouter)].sort()).toEqual([...ENDPOINT_NAMES].sort());
  });

  it('refuses a second handler for one endpoint, and an app with a declared endpoint nobody handles', () => {
    const api = {
      router: Router(),
      basePath: '/api/v1',
      auth: createAuthService(server.store, server.clock, { idleDays: 1, absoluteDays: 1 }),
      contexts: new RequestContexts(),
    };
    route(api, 'health', () => undefined);
    expect(() => route(api, 'health', () => undefined)).toThrow(/health already has a handler/);
    expect(() => requireEveryEndpointRouted(api)).toThrow(/without a handler: openapi, auth\.login/);
  });

  it('notices a route nobody documented', () => {
    const app = express();
    const router = Router();
    router.get('/health', (_req, res) => res.end());
    router.delete('/work-orders/:id', (_req, res) => res.end());
    app.use('/api/v1', router);
    const undocumented = registeredOperations(app).filter((op) => !documentedOperations(doc).includes(op));
    expect(undocumented).toEqual(['DELETE /api/v1/work-orders/{id}']);
  });

  it('is OpenAPI 3.1 with full paths, the cookie session, and every error code of the catalogue', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
    expect(doc.components).toMatchObject({ securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } } });
    const text = JSON.stringify(doc.paths);
    for (const code of ERROR_CODES) expect(text, code).toContain(`"${code}"`);
    // Answers are open (v1 adds optional fields); request bodies stay as strict as the server is.
    const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    expect(JSON.stringify([schemas.WorkOrder, schemas.CompletionView, schemas.Problem])).not.toContain('"additionalProperties":false');
    expect(schemas.SyncPushRequest).toMatchObject({ additionalProperties: false });
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(sorted(ids)).toEqual(sorted(Object.keys(ENDPOINTS)));
  });

  it('keeps its examples valid against their own schemas', () => {
    const checker = new ContractChecker(doc);
    let checked = 0;
    for (const [name, examples] of Object.entries(EXAMPLES) as [EndpointName, (typeof EXAMPLES)[EndpointName]][]) {
      const def = ENDPOINTS[name];
      const { operation } = checker.find(def.method, `/api/v1${def.path.replace(/:\w+/g, 'x')}`);
      if (examples?.request !== undefined) {
        const schema = operation.requestBody?.content['application/json']?.schema;
        expect(schema, name).toBeDefined();
        if (schema) checker.validate(schema, examples.request, `${name} request example`);
        checked++;
      }
      if (examples?.response !== undefined) {
        const schema = operation.responses[String(def.ok[0])]?.content?.['application/json']?.schema;
        expect(schema, name).toBeDefined();
        if (schema) checker.validate(schema, examples.response, `${name} response example`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(() =>
      checker.validate(
        doc.paths['/api/v1/teams']?.get?.responses['200']?.content?.['application/json']?.schema ?? {},
        { items: [{ id: 'x' }] },
        'bad',
      ),
    ).toThrow(/does not match/);
  });

  it('states the roles the server enforces, for every guarded operation', async () => {
    const clients = { technician: await server.login('tech1'), supervisor: await server.login('supervisor1'), admin: await server.login('admin') };
    const wrong: string[] = [];
    for (const [name, def] of Object.entries(ENDPOINTS) as [EndpointName, EndpointDef][]) {
      // Signing out would end the session the next checks use.
      if (def.roles === 'public' || name === 'auth.logout') continue;
      for (const [role, client] of Object.entries(clients)) {
        const res = await client.request(def.method, `/api/v1${concretePath(def.path)}`, def.body ? { json: {} } : {});
        const allowed = (def.roles as readonly string[]).includes(role);
        if (allowed === (res.status === 403 || res.status === 401)) wrong.push(`${name} as ${role}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is generated from the server version', () => {
    expect(buildOpenApiDocument('9.9.9')).toMatchObject({ info: { version: '9.9.9' } });
  });
});

/** A tiny real PNG, new each time (random padding): the id is the SHA-256 of the bytes. */
function pngBytes(): Uint8Array {
  return paddedPng(128);
}

describe.each(backends)('real requests match the OpenAPI document (%s)', (backend) => {
  let server: TestServer;
  let checker: ContractChecker;
  let tech1: HttpClient;
  let supervisor1: HttpClient;
  let admin: HttpClient;
  const call = (client: HttpClient, method: string, url: string, json?: unknown) =>
    checker.request(client, method, url, json === undefined ? {} : { json });
  const callInvalid = (client: HttpClient, method: string, url: string, json?: unknown) =>
    checker.invalidRequest(client, method, url, json === undefined ? {} : { json });

  beforeAll(async () => {
    server = await startTestServer(backend);
    checker = new ContractChecker(buildOpenApiDocument('test'));
    [tech1, supervisor1, admin] = await Promise.all([server.login('tech1'), server.login('supervisor1'), server.login('admin')]);
  });
  afterAll(() => server.close());

  it('signs in and out, and describes the failures', async () => {
    const anonymous = server.client();
    expect((await call(anonymous, 'GET', '/api/v1/health')).status).toBe(200);
    expect((await call(anonymous, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await call(anonymous, 'POST', '/api/v1/auth/login', { username: 'tech2', password: 'wrong-password' })).status).toBe(401);
    expect((await callInvalid(anonymous, 'POST', '/api/v1/auth/login', { username: '' })).status).toBe(400);
    expect((await call(anonymous, 'POST', '/api/v1/auth/login', { username: 'tech2', password: 'demo1234' })).status).toBe(200);
    expect((await call(anonymous, 'GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await call(anonymous, 'GET', '/api/v1/map/config')).status).toBe(200);
    expect((await call(anonymous, 'POST', '/api/v1/auth/logout')).status).toBe(204);
  });

  it('pulls, pushes and uploads a photo as a technician', async () => {
    const clientId = randomUUID();
    const pull = await call(tech1, 'GET', `/api/v1/sync/pull?clientId=${clientId}&limit=20&pendingRecords=0`);
    expect(pull.status).toBe(200);
    const page = PullResponse.parse(pull.json());
    const first = page.changes.find((c) => c.entity === 'workOrder' && c.op === 'upsert');
    expect(first).toBeDefined();
    const mutation = {
      seq: 1,
      mutationId: randomUUID(),
      name: 'workOrder.start',
      args: { workOrderId: first?.id, at: server.clock.now().toISOString() },
    };
    const push = await call(tech1, 'POST', '/api/v1/sync/push', { protocolVersion: 1, clientId, mutations: [mutation] });
    expect(push.status).toBe(200);
    const skipped = await call(tech1, 'POST', '/api/v1/sync/push', {
      protocolVersion: 1,
      clientId,
      mutations: [{ ...mutation, seq: 5, mutationId: randomUUID() }],
    });
    expect(skipped.status).toBe(409);
    expect((await call(tech1, 'GET', '/api/v1/work-orders')).status).toBe(403);

    const bytes = pngBytes();
    const photoId = createHash('sha256').update(bytes).digest('hex');
    const put = await checker.request(tech1, 'PUT', `/api/v1/photos/${photoId}`, { body: bytes, headers: { 'content-type': 'image/png' } });
    expect(put.status).toBe(201);
    expect((await call(tech1, 'HEAD', `/api/v1/photos/${photoId}`)).status).toBe(200);
    expect((await call(tech1, 'GET', `/api/v1/photos/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('lists, maps, reviews, imports and reports as a supervisor', async () => {
    const list = await call(supervisor1, 'GET', '/api/v1/work-orders?status=assigned,unassigned&limit=5&q=PA');
    expect(list.status).toBe(200);
    const [order] = WorkOrderListResponse.parse(list.json()).items;
    expect(order).toBeDefined();
    expect((await call(supervisor1, 'GET', `/api/v1/work-orders/${order?.id ?? ''}`)).status).toBe(200);
    expect((await call(supervisor1, 'GET', '/api/v1/work-orders/map?status=assigned')).status).toBe(200);
    expect((await callInvalid(supervisor1, 'GET', '/api/v1/work-orders?limit=abc')).status).toBe(400);
    expect((await call(supervisor1, 'GET', '/api/v1/reviews?status=all&limit=10')).status).toBe(200);
    expect((await call(supervisor1, 'POST', `/api/v1/reviews/${randomUUID()}/resolve`, { decision: 'approve' })).status).toBe(404);
    expect((await callInvalid(supervisor1, 'POST', `/api/v1/reviews/${randomUUID()}/resolve`, { decision: 'maybe' })).status).toBe(400);
    expect((await call(supervisor1, 'GET', '/api/v1/technicians')).status).toBe(200);
    expect((await call(supervisor1, 'GET', '/api/v1/teams')).status).toBe(200);
    expect((await call(supervisor1, 'GET', '/api/v1/reports/progress?groupBy=commune')).status).toBe(200);
    expect((await call(supervisor1, 'GET', '/api/v1/reports/progress?groupBy=day&from=2026-11-01&to=2026-11-30')).status).toBe(200);
    expect((await call(supervisor1, 'GET', '/api/v1/reports/sync-backlog')).status).toBe(200);
    expect((await call(supervisor1, 'GET', '/api/v1/exports/completions.csv?from=2026-11-01')).status).toBe(200);
    const technicians = await server.store.users.findByUsername('tech2');
    expect((await call(supervisor1, 'POST', '/api/v1/assignments', { workOrderIds: [order?.id], technicianId: technicians?.id })).status).toBe(200);

    expect((await call(supervisor1, 'GET', '/api/v1/roadmaps/communes')).status).toBe(200);
    const commune = encodeURIComponent(order?.commune ?? '');
    expect((await call(supervisor1, 'GET', `/api/v1/roadmaps?commune=${commune}`)).status).toBe(200);
    expect((await call(supervisor1, 'GET', '/api/v1/roadmaps?commune=X%C3%A3%20Kh%C3%B4ng%20C%C3%B3')).status).toBe(404);
    const proposal = await call(supervisor1, 'POST', '/api/v1/roadmaps/proposals', {
      commune: order?.commune,
      technicianIds: [technicians?.id],
      capacityPerDay: 5,
      startDate: '2026-11-25',
    });
    expect(proposal.status, proposal.text).toBe(200);
    const [day] = RoadmapProposal.parse(proposal.json()).days;
    const confirmed = await call(supervisor1, 'PUT', '/api/v1/roadmaps', { commune: order?.commune, capacityPerDay: 5, days: [day] });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(
      (await call(supervisor1, 'PUT', '/api/v1/roadmaps', { commune: order?.commune, capacityPerDay: 5, days: [{ ...day, date: '2026-11-01' }] }))
        .status,
    ).toBe(422);

    const csv = await readFile(new URL('./fixtures/english-comma.csv', import.meta.url), 'utf8');
    const dry = await checker.request(supervisor1, 'POST', '/api/v1/work-orders/import?dryRun=1', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(dry.status, dry.text).toBe(200);
    const bad = await checker.request(supervisor1, 'POST', '/api/v1/work-orders/import?dryRun=1', {
      body: 'customer_code\nX\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(bad.status).toBe(422);
  });

  it('manages users as an admin', async () => {
    expect((await call(admin, 'GET', '/api/v1/users')).status).toBe(200);
    const created = await call(admin, 'POST', '/api/v1/users', {
      username: `tech${Date.now().toString(36)}`,
      displayName: 'Đỗ Minh Châu',
      role: 'technician',
      teamId: (await server.store.users.findByUsername('tech1'))?.teamId,
      password: 'mật-khẩu-dài-đủ',
    });
    expect(created.status, created.text).toBe(201);
    expect((await call(supervisor1, 'GET', '/api/v1/users')).status).toBe(403);
  });

  it('completes a swap, reviews and approves it, and downloads its record', async () => {
    const [wo] = await new FreshWorkOrders(server, supervisor1).assignedTo('tech3');
    if (!wo) throw new Error('no work order');
    const tech3 = await server.login('tech3');
    const swap = swapFor(wo);
    // The push envelope leaves `args` open: check them against the mutation's own component.
    checker.validate({ $ref: '#/components/schemas/SwapCompleteArgs' }, swap.args, 'swap.complete args');
    const mutation = { seq: 1, mutationId: randomUUID(), name: 'swap.complete', args: swap.args };
    expect((await call(tech3, 'POST', '/api/v1/sync/push', { protocolVersion: 1, clientId: randomUUID(), mutations: [mutation] })).status).toBe(200);
    for (const photo of swap.photos) {
      const put = await checker.request(tech3, 'PUT', `/api/v1/photos/${photo.id}`, {
        body: photo.bytes,
        headers: { 'content-type': photo.bytes[0] === 0x89 ? 'image/png' : 'image/jpeg' },
      });
      expect(put.status, put.text).toBe(201);
    }

    const queue = ReviewQueue.parse((await call(supervisor1, 'GET', `/api/v1/reviews?status=open&workOrderId=${wo.id}`)).json());
    const item = queue.items.find((i) => i.code === 'COMPLETION');
    expect(item?.completion).not.toBeNull();
    const resolved = await call(supervisor1, 'POST', `/api/v1/reviews/${item?.id ?? ''}/resolve`, {
      decision: 'approve',
      note: 'Đủ ảnh, chỉ số khớp.',
    });
    expect(resolved.status, resolved.text).toBe(200);
    expect((await call(supervisor1, 'POST', `/api/v1/reviews/${item?.id ?? ''}/resolve`, { decision: 'approve' })).status).toBe(409);
    expect((await call(supervisor1, 'GET', `/api/v1/work-orders/${wo.id}`)).status).toBe(200);
    const pdf = await call(tech3, 'GET', `/api/v1/completions/${swap.args.completionId}/handover.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const csv = await call(supervisor1, 'GET', '/api/v1/exports/completions.csv');
    expect(csv.text).toContain(wo.code);
    expect((await call(tech3, 'GET', `/api/v1/sync/pull?clientId=${randomUUID()}`)).status).toBe(200);
  });

  it('covered a sample across the API', () => {
    const operations = new Set([...checker.covered].map((c) => c.split(' ').slice(0, 2).join(' ')));
    expect(operations.size).toBeGreaterThanOrEqual(28);
  });
});
