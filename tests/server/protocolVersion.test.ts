import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src/domain/protocol/mutations';
import { PullResponse } from '../../src/domain/protocol/sync';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders } from './syncFixtures';

const TOO_OLD = MIN_SUPPORTED_PROTOCOL_VERSION - 1;
const TOO_NEW = PROTOCOL_VERSION + 1;

/** The one closed answer to a client whose protocol version the server does not speak (design §5, §7). */
function expectOutdated(res: TestResponse): void {
  const problem = expectProblem(res, 426, 'CLIENT_OUTDATED');
  expect(problem).toMatchObject({
    type: 'urn:meter-swap:problem:CLIENT_OUTDATED',
    retryable: false,
    supported: { min: MIN_SUPPORTED_PROTOCOL_VERSION, max: PROTOCOL_VERSION },
  });
  expect(problem.errors).toBeUndefined();
}

describe.each(backends)('sync protocol version (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  const pull = (clientId: string, version?: string) =>
    tech1.get(`/api/v1/sync/pull?clientId=${clientId}${version === undefined ? '' : `&protocolVersion=${version}`}`);

  it('answers a push of an older or a newer protocol version with 426 CLIENT_OUTDATED and applies nothing', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const start = device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() });
    for (const protocolVersion of [TOO_OLD, TOO_NEW]) {
      expectOutdated(await tech1.post('/api/v1/sync/push', { protocolVersion, clientId: device.clientId, mutations: [start] }));
    }
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(0);
    const [after] = await server.store.workOrders.findByIds([wo.id]);
    expect(after?.status).toBe('assigned');

    // The same outbox, sent by a client the server speaks to, goes through whole: nothing was lost or consumed.
    const body = await device.pushOk([start]);
    expect(body.results).toEqual([{ seq: 1, mutationId: start.mutationId, status: 'applied' }]);
  });

  it('answers an old push whose body no longer parses with CLIENT_OUTDATED, not VALIDATION_FAILED', async () => {
    expectOutdated(await tech1.post('/api/v1/sync/push', { protocolVersion: TOO_OLD, clientId: 'not-a-uuid', records: [{ id: 1 }] }));
    // Over the batch limit too: the version is checked first.
    const many = Array.from({ length: 51 }, (_, i) => ({ seq: i + 1 }));
    expectOutdated(await tech1.post('/api/v1/sync/push', { protocolVersion: TOO_OLD, clientId: randomUUID(), mutations: many }));
  });

  it('keeps a push without a version, or with one that is not a whole number, a 400 naming protocolVersion', async () => {
    for (const protocolVersion of [undefined, '1', 1.5]) {
      const res = await tech1.post('/api/v1/sync/push', {
        protocolVersion,
        clientId: randomUUID(),
        mutations: [new Device(tech1).mutation('workOrder.start', {})],
      });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path)).toEqual(['protocolVersion']);
    }
  });

  it('answers a pull of an older or a newer protocol version with 426 CLIENT_OUTDATED and binds no client', async () => {
    const clientId = randomUUID();
    for (const version of [String(TOO_OLD), String(TOO_NEW), '-3']) expectOutdated(await pull(clientId, version));
    // Checked before the rest of the query: an old client's query that no longer parses gets the same answer.
    expectOutdated(await tech1.get(`/api/v1/sync/pull?protocolVersion=${TOO_OLD}&clientId=not-a-uuid&limit=lots`));
    expect(await server.store.syncClients.lastSeq(clientId)).toBe(0);

    // Another user may still claim that client id: the refused pulls never bound it.
    const tech2 = await server.login('tech2');
    expect((await tech2.get(`/api/v1/sync/pull?protocolVersion=${PROTOCOL_VERSION}&clientId=${clientId}`)).status).toBe(200);
  });

  it('serves a pull that carries a supported version, and one from a client older than the field (taken as 1)', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const withVersion = PullResponse.parse((await pull(randomUUID(), String(PROTOCOL_VERSION))).json());
    const without = await pull(randomUUID());
    expect(without.status, without.text).toBe(200);
    const legacy = PullResponse.parse(without.json());
    expect(legacy.changes.map((c) => c.id)).toContain(wo.id);
    expect(withVersion.changes.map((c) => c.id)).toContain(wo.id);
  });

  it('answers a pull version that is not a whole number with 400 VALIDATION_FAILED at protocolVersion', async () => {
    for (const version of ['abc', '1.5', '']) {
      const problem = expectProblem(await pull(randomUUID(), version), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['protocolVersion']);
    }
  });

  it('documents the version and the 426 answer with its supported range in the OpenAPI document, for push and pull', async () => {
    const doc = (await tech1.get('/api/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>>;
    };
    const pullOp = doc.paths['/api/v1/sync/pull']?.get;
    const pushOp = doc.paths['/api/v1/sync/push']?.post;
    expect(pullOp?.parameters?.map((p) => p.name)).toContain('protocolVersion');
    for (const op of [pullOp, pushOp]) {
      const answer = JSON.stringify(op?.responses['426']);
      expect(answer).toContain('"CLIENT_OUTDATED"');
      expect(answer).toContain('"supported"');
    }
  });
});
