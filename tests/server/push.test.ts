import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_MAX_MUTATIONS } from '../../src/domain/protocol/mutations';
import { PullResponse } from '../../src/domain/protocol/sync';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, swapFor } from './syncFixtures';

describe.each(backends)('sync push protocol (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let tech2: HttpClient;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  const workOrder = async (id: string) => {
    const [wo] = await server.store.workOrders.findByIds([id]);
    if (!wo) throw new Error(`no work order ${id}`);
    return wo;
  };

  it('applies the first push and answers lastSeq, one result per mutation and the server time', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const start = device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() });
    const body = await device.pushOk([start]);
    expect(body).toEqual({
      lastSeq: 1,
      results: [{ seq: 1, mutationId: start.mutationId, status: 'applied' }],
      serverTime: server.clock.now().toISOString(),
    });
    expect(await workOrder(wo.id)).toMatchObject({ status: 'in_progress', version: 3 });
    const log = await server.store.mutationLog.listForClient(device.clientId);
    expect(log).toEqual([
      expect.objectContaining({
        seq: 1,
        mutationId: start.mutationId,
        name: 'workOrder.start',
        status: 'applied',
        argsHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      }),
    ]);
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(1);
  });

  it('answers a resent seq with the stored result as duplicate, and applies nothing a second time', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const swap = device.mutation('swap.complete', swapFor(wo).args);
    const first = await device.pushOk([swap]);
    expect(first.results[0]?.status).toBe('applied');
    const after = await workOrder(wo.id);
    const feed = PullResponse.parse((await tech1.get(`/api/v1/sync/pull?clientId=${device.clientId}`)).json());

    const again = await device.pushOk([swap]);
    expect(again.lastSeq).toBe(1);
    expect(again.results).toEqual([{ seq: 1, mutationId: swap.mutationId, status: 'duplicate', original: { status: 'applied' } }]);
    expect(await workOrder(wo.id)).toEqual(after);
    expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
    expect(await server.store.mutationLog.listForClient(device.clientId)).toHaveLength(1);
    const later = PullResponse.parse((await tech1.get(`/api/v1/sync/pull?clientId=${device.clientId}&cursor=${feed.cursor}`)).json());
    expect(later.changes).toEqual([]);
  });

  it('answers a batch that overlaps what was applied with duplicates, then applies the rest in order', async () => {
    const orders = await fresh.assignedTo('tech1', 3);
    const device = new Device(tech1);
    const starts = orders.map((wo) => device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() }));
    await device.pushOk(starts.slice(0, 2));
    const body = await device.pushOk(starts);
    expect(body.lastSeq).toBe(3);
    expect(body.results.map((r) => [r.seq, r.status])).toEqual([
      [1, 'duplicate'],
      [2, 'duplicate'],
      [3, 'applied'],
    ]);
  });

  it('refuses a seq that skips ahead with 409 SYNC_OUT_OF_ORDER naming expectedSeq, and applies nothing', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const first = device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() });
    device.mutation('visit.fail', {}); // seq 2 stays on the device
    const third = device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() });

    const fromNothing = expectProblem(await device.push([third]), 409, 'SYNC_OUT_OF_ORDER');
    expect(fromNothing.expectedSeq).toBe(1);
    expect(fromNothing.retryable).toBe(true);
    expect(await workOrder(wo.id)).toMatchObject({ status: 'assigned' });

    await device.pushOk([first]);
    const gap = expectProblem(await device.push([third]), 409, 'SYNC_OUT_OF_ORDER');
    expect(gap.expectedSeq).toBe(2);
    expect(await server.store.mutationLog.listForClient(device.clientId)).toHaveLength(1);
  });

  it('refuses a batch whose seqs are not contiguous with 400 naming the seq at fault, before applying any', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const a = device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() });
    device.mutation('workOrder.start', {});
    const c = device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() });
    const problem = expectProblem(await device.push([a, c]), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'mutations.1.seq', code: 'not_contiguous' })]);
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(0);
  });

  it('refuses a processed seq sent with another mutation id or other args with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const original = device.mutation('workOrder.start', { workOrderId: wo.id, at: '2026-11-24T02:00:00.000Z' });
    await device.pushOk([original]);
    expectProblem(await device.push([{ ...original, mutationId: randomUUID() }]), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectProblem(await device.push([{ ...original, args: { workOrderId: wo.id, at: '2026-11-24T02:30:00.000Z' } }]), 422, 'IDEMPOTENCY_KEY_REUSED');
    // The same mutation id under a new seq is the same reuse.
    const next = device.mutation('workOrder.start', original.args);
    expectProblem(await device.push([{ ...next, mutationId: original.mutationId }]), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(1);
    // Key order in the args does not matter: the hash is over canonical JSON.
    const reordered = await device.pushOk([{ ...original, args: { at: '2026-11-24T02:00:00.000Z', workOrderId: wo.id } }]);
    expect(reordered.results[0]?.status).toBe('duplicate');
  });

  it("refuses another user's client id with 403 CLIENT_USER_MISMATCH for the whole request, applying nothing", async () => {
    const [mine] = await fresh.assignedTo('tech1');
    const [theirs] = await fresh.assignedTo('tech2');
    if (!mine || !theirs) throw new Error('no order');
    const device = new Device(tech1);
    await device.pushOk([device.mutation('workOrder.start', { workOrderId: mine.id, at: server.clock.now().toISOString() })]);
    const intruder = new Device(tech2);
    const res = await intruder.push(
      [intruder.mutation('workOrder.start', { workOrderId: theirs.id, at: server.clock.now().toISOString() })],
      device.clientId,
    );
    expectProblem(res, 403, 'CLIENT_USER_MISMATCH');
    expect(await workOrder(theirs.id)).toMatchObject({ status: 'assigned' });
    expect(await server.store.mutationLog.listForClient(device.clientId)).toHaveLength(1);
  });

  it('rejects an unknown mutation name, consuming its seq and keeping the payload in rejected_mutations', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const unknown = device.mutation('meter.teleport', { to: 'Hà Nội' });
    const start = device.mutation('workOrder.start', { workOrderId: wo.id, at: server.clock.now().toISOString() });
    const body = await device.pushOk([unknown, start]);
    expect(body.lastSeq).toBe(2);
    expect(body.results[0]).toMatchObject({ seq: 1, status: 'rejected', error: { code: 'UNKNOWN_MUTATION' } });
    expect(body.results[1]).toMatchObject({ seq: 2, status: 'applied' });
    const kept = await server.store.mutationLog.listRejectedForClient(device.clientId);
    expect(kept).toEqual([
      expect.objectContaining({
        seq: 1,
        mutationId: unknown.mutationId,
        name: 'meter.teleport',
        payload: unknown,
        userId: await server.userId('tech1'),
      }),
    ]);
    // Resending it repeats the rejection, still as a duplicate.
    const again = await device.pushOk([unknown]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', error: { code: 'UNKNOWN_MUTATION' }, original: { status: 'rejected' } });
    expect(await server.store.mutationLog.listRejectedForClient(device.clientId)).toHaveLength(1);
  });

  it('rejects args that fail the schema with the fields at fault, and keeps them', async () => {
    const device = new Device(tech1);
    const bad = device.mutation('swap.complete', { completionId: 'not-a-uuid', workOrderId: randomUUID() });
    const [result] = (await device.pushOk([bad])).results;
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
    const paths = result?.error?.errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['completionId', 'removed', 'installed', 'handover']));
    expect(await server.store.mutationLog.listRejectedForClient(device.clientId)).toHaveLength(1);
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(1);
  });

  it('rejects work on a work order never assigned to the caller, or unknown, storing nothing but the rejection', async () => {
    const [theirs] = await fresh.assignedTo('tech2');
    if (!theirs) throw new Error('no order');
    const device = new Device(tech1);
    const notMine = swapFor(theirs);
    const ghost = swapFor({ ...theirs, id: randomUUID() });
    const body = await device.pushOk([
      device.mutation('swap.complete', notMine.args),
      device.mutation('swap.complete', ghost.args),
      device.mutation('visit.fail', { ...notMine.args, visitId: randomUUID() }),
    ]);
    expect(body.results.map((r) => r.error?.code)).toEqual(['NOT_ASSIGNED', 'UNKNOWN_WORK_ORDER', 'VALIDATION_FAILED']);
    expect(body.results.every((r) => r.status === 'rejected')).toBe(true);
    expect(body.lastSeq).toBe(3);
    expect(await server.store.completions.findById(notMine.args.completionId)).toBeUndefined();
    expect(await workOrder(theirs.id)).toMatchObject({ status: 'assigned', version: 2 });
    expect((await server.store.mutationLog.listRejectedForClient(device.clientId)).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('answers more than 50 mutations, or a body over 256 KB, with 413 PAYLOAD_TOO_LARGE', async () => {
    const device = new Device(tech1);
    const many = Array.from({ length: PUSH_MAX_MUTATIONS + 1 }, () => device.mutation('workOrder.start', {}));
    expectProblem(await device.push(many), 413, 'PAYLOAD_TOO_LARGE');
    const fat = new Device(tech1);
    expectProblem(await fat.push([fat.mutation('workOrder.start', { note: 'x'.repeat(300 * 1024) })]), 413, 'PAYLOAD_TOO_LARGE');
    expect(await server.store.syncClients.lastSeq(fat.clientId)).toBe(0);
  });

  it('answers a malformed envelope with 400 naming the fields', async () => {
    const res = await tech1.post('/api/v1/sync/push', {
      protocolVersion: '1',
      clientId: 'x',
      mutations: [{ seq: 0, mutationId: 'y', name: '', args: {} }],
    });
    const paths = expectProblem(res, 400, 'VALIDATION_FAILED')
      .errors?.map((e) => e.path)
      .sort();
    expect(paths).toEqual(['clientId', 'mutations.0.mutationId', 'mutations.0.name', 'mutations.0.seq', 'protocolVersion']);
    expectProblem(await tech1.post('/api/v1/sync/push', { protocolVersion: 1, clientId: randomUUID(), mutations: [] }), 400, 'VALIDATION_FAILED');
  });
});
