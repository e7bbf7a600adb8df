import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse } from '../../src/domain/protocol/mutations';
import { createApp } from '../../server/app';
import { createMemoryBlobStore } from '../../server/blobs/memoryBlobStore';
import { createLogger } from '../../server/logger';
import type { Store } from '../../server/store/store';
import { backends, startTestServer, testConfig, type TestServer } from './harness';
import { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, swapFor } from './syncFixtures';

const IDENTICAL_PUSHES = 5;

describe.each(backends)('push under concurrency (%s)', (backend) => {
  let server: TestServer;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('applies identical pushes sent at once exactly once: one completion, one log row, the rest duplicates', async () => {
    const orders = await fresh.assignedTo('tech1', 3);
    const device = new Device(await server.login('tech1'));
    const batch = orders.map((wo) => device.mutation('swap.complete', swapFor(wo).args));
    const responses = await Promise.all(Array.from({ length: IDENTICAL_PUSHES }, () => device.push(batch)));
    const bodies = responses.map((res) => {
      expect(res.status, res.text).toBe(200);
      return PushResponse.parse(res.json());
    });
    for (const [i, m] of batch.entries()) {
      const statuses = bodies.map((b) => b.results[i]?.status);
      expect(
        statuses.filter((s) => s === 'applied'),
        `seq ${m.seq}: ${statuses.join(',')}`,
      ).toHaveLength(1);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(IDENTICAL_PUSHES - 1);
    }
    expect(bodies.every((b) => b.lastSeq === 3)).toBe(true);
    for (const wo of orders) {
      expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
      expect((await server.store.workOrders.findByIds([wo.id]))[0]).toMatchObject({ status: 'completed', version: 3 });
    }
    expect(await server.store.mutationLog.listForClient(device.clientId)).toHaveLength(3);
  });

  it('never double-applies when a retry races the original for the first sight of a client', async () => {
    const [wo] = await fresh.assignedTo('tech2');
    if (!wo) throw new Error('no order');
    const tech2 = await server.login('tech2');
    const device = new Device(tech2);
    const swap = device.mutation('swap.complete', swapFor(wo).args);
    const [a, b] = await Promise.all([device.push([swap]), device.push([swap])]);
    const statuses = [a, b].map((res) => PushResponse.parse(res.json()).results[0]?.status).sort();
    expect(statuses).toEqual(['applied', 'duplicate']);
    expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
  });
});

/** Fails the transactions it is told to after their work ran, the way a lost database connection at commit would. */
function failingCommits(store: Store, shouldFail: () => boolean): Store {
  const outage = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
  return {
    ...store,
    transaction: (fn) =>
      store.transaction(async (tx) => {
        const result = await fn(tx);
        if (shouldFail()) throw outage();
        return result;
      }),
  };
}

describe.each(backends)('push when the database fails (%s)', (backend) => {
  let server: TestServer;
  /** The next `skip` transactions commit, then the `fail` after them fail at commit. */
  const plan = { skip: 0, fail: 0 };
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend, {
      wrapStore: (store) =>
        failingCommits(store, () => {
          if (plan.skip > 0) {
            plan.skip -= 1;
            return false;
          }
          if (plan.fail > 0) {
            plan.fail -= 1;
            return true;
          }
          return false;
        }),
    });
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 503 UNAVAILABLE with Retry-After and applies nothing; the resend then applies once', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(await server.login('tech1'));
    const swap = device.mutation('swap.complete', swapFor(wo).args);
    Object.assign(plan, { skip: 0, fail: 1 });
    const res = await device.push([swap]);
    expect(expectProblem(res, 503, 'UNAVAILABLE').retryable).toBe(true);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await server.store.completions.listForWorkOrder(wo.id)).toEqual([]);
    expect(await server.store.mutationLog.listForClient(device.clientId)).toEqual([]);
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(0);
    expect(await server.store.reviews.listForWorkOrder(wo.id)).toEqual([]);
    expect((await server.store.workOrders.findByIds([wo.id]))[0]).toMatchObject({ status: 'assigned', version: 2 });

    const retried = await device.pushOk([swap]);
    expect(retried.results).toEqual([expect.objectContaining({ seq: 1, status: 'applied' })]);
    expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
    expect(await server.store.mutationLog.listForClient(device.clientId)).toHaveLength(1);
  });

  it('rolls a whole batch back when its commit fails (one transaction per push): the resend applies all of it, once', async () => {
    const orders = await fresh.assignedTo('tech1', 3);
    const device = new Device(await server.login('tech1'));
    const batch = orders.map((wo) => device.mutation('swap.complete', swapFor(wo).args));
    Object.assign(plan, { skip: 0, fail: 1 });
    expectProblem(await device.push(batch), 503, 'UNAVAILABLE');
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(0);
    expect(await server.store.mutationLog.listForClient(device.clientId)).toEqual([]);
    for (const wo of orders) {
      expect(await server.store.completions.listForWorkOrder(wo.id)).toEqual([]);
      expect(await server.store.reviews.listForWorkOrder(wo.id)).toEqual([]);
    }

    const resent = await device.pushOk(batch);
    expect(resent.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    for (const wo of orders) expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
    expect(await server.store.mutationLog.listForClient(device.clientId)).toHaveLength(3);
  });

  it('keeps what a batch applied before a mutation it refuses part-way (422): the resend answers it as duplicate', async () => {
    const orders = await fresh.assignedTo('tech1', 2);
    const [firstOrder, secondOrder] = orders;
    if (!firstOrder || !secondOrder) throw new Error('no orders');
    const device = new Device(await server.login('tech1'));
    const first = device.mutation('swap.complete', swapFor(firstOrder).args);
    // A new seq reusing the first one's mutation id: refused with 422 once the first is applied.
    const reused = { ...device.mutation('swap.complete', swapFor(secondOrder).args), mutationId: first.mutationId };
    expectProblem(await device.push([first, reused]), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await server.store.syncClients.lastSeq(device.clientId)).toBe(1);
    expect(await server.store.completions.listForWorkOrder(firstOrder.id)).toHaveLength(1);
    expect(await server.store.completions.listForWorkOrder(secondOrder.id)).toEqual([]);

    const resent = await device.pushOk([first]);
    expect(resent.results.map((r) => r.status)).toEqual(['duplicate']);
    expect(await server.store.completions.listForWorkOrder(firstOrder.id)).toHaveLength(1);
  });

  it('records a rejection only after a rolled-back attempt, never half of it', async () => {
    const device = new Device(await server.login('tech1'));
    const [wo] = await fresh.assignedTo('tech2');
    if (!wo) throw new Error('no order');
    const notMine = device.mutation('swap.complete', swapFor(wo).args);
    Object.assign(plan, { skip: 0, fail: 1 });
    expectProblem(await device.push([notMine]), 503, 'UNAVAILABLE');
    expect(await server.store.mutationLog.listRejectedForClient(device.clientId)).toEqual([]);
    const retried = await device.pushOk([notMine]);
    expect(retried.results[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_ASSIGNED' } });
    expect(await server.store.mutationLog.listRejectedForClient(device.clientId)).toHaveLength(1);
  });
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

describe.each(backends.filter((b) => b === 'postgres'))('two server processes on one database (%s)', (backend) => {
  let server: TestServer;
  let second: Server;
  let secondStore: Store;
  let secondUrl: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    // Another app with its own connection pool: as far as the database is concerned, another server process.
    secondStore = await server.openAnotherStore();
    second = createServer(
      createApp({ config: testConfig(), store: secondStore, logger: createLogger('silent'), clock: server.clock, blobs: createMemoryBlobStore() }),
    );
    secondUrl = await listen(second);
  });
  afterAll(async () => {
    second.closeAllConnections();
    await new Promise<void>((resolve) => second.close(() => resolve()));
    await server.close();
  });

  it('applies each seq once when the same batch goes to both at once, over and over', async () => {
    const fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
    const orders = await fresh.assignedTo('tech3', 10);
    const viaFirst = await server.login('tech3');
    const viaSecond = new HttpClient(secondUrl, () => server.clock.now().getTime());
    for (const [k, v] of viaFirst.cookies) viaSecond.cookies.set(k, v);
    const device = new Device(viaFirst);
    const batch = orders.map((wo) => device.mutation('swap.complete', swapFor(wo).args));
    const other = new Device(viaSecond);
    const results = await Promise.all([
      device.push(batch),
      other.push(batch, device.clientId),
      device.push(batch),
      other.push(batch, device.clientId),
    ]);
    for (const res of results) expect(res.status, res.text).toBe(200);
    const bodies = results.map((res) => PushResponse.parse(res.json()));
    for (const i of batch.keys()) {
      expect(bodies.filter((b) => b.results[i]?.status === 'applied')).toHaveLength(1);
    }
    for (const wo of orders) expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
    expect(await server.store.mutationLog.listForClient(device.clientId)).toHaveLength(10);
  });
});
