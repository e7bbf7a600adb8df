import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse } from '../../src/domain/protocol/mutations';
import type { Store } from '../../server/store/store';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, swapFor } from './syncFixtures';

/*
 * What a push does once per push rather than once per mutation (server/services/sync/pushService.ts): the client's
 * lock, last_seq, the mutation log, a swap's photo references and review items, the feed's rows (store.atCommit,
 * changes.appendAll); and the savepoints it takes only when a mutation has to be undone alone, running the push
 * again with one per mutation.
 */
describe.each(backends)('push batching (%s)', (backend) => {
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

  it('applies each mutation of a batch once when one in the middle is rejected (the push runs again with savepoints)', async () => {
    const [first, second] = await fresh.assignedTo('tech1', 2);
    const [theirs] = await fresh.assignedTo('tech2');
    if (!first || !second || !theirs) throw new Error('no orders');
    const techId = await server.userId('tech1');
    const feedBefore = await server.store.changes.count(techId);
    const [lastBefore] = (await server.store.changes.listAfter(techId, 0, 1_000_000)).slice(-1);
    const device = new Device(tech1);
    const swaps = [swapFor(first), swapFor(theirs), swapFor(second)];
    const body = await device.pushOk(swaps.map((s) => device.mutation('swap.complete', s.args)));

    expect(body.results.map((r) => [r.status, r.error?.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'NOT_ASSIGNED'],
      ['applied', undefined],
    ]);
    expect(body.lastSeq).toBe(3);
    for (const wo of [first, second]) {
      expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
      expect((await server.store.reviews.listForWorkOrder(wo.id)).map((r) => r.code)).toEqual(['COMPLETION']);
    }
    expect(await server.store.completions.listForWorkOrder(theirs.id)).toEqual([]);
    for (const photo of swaps[0]?.photos ?? []) expect(await server.store.photos.referencingWorkOrderIds(photo.id)).toEqual([first.id]);
    for (const photo of swaps[1]?.photos ?? []) expect(await server.store.photos.referencingWorkOrderIds(photo.id)).toEqual([]);
    expect((await server.store.mutationLog.listForClient(device.clientId)).map((e) => [e.seq, e.status])).toEqual([
      [1, 'applied'],
      [2, 'rejected'],
      [3, 'applied'],
    ]);
    expect((await server.store.mutationLog.listRejectedForClient(device.clientId)).map((r) => r.seq)).toEqual([2]);
    // One upsert per completed work order in tech1's feed, at its version now, replacing the assignment's row (the
    // feed keeps one row per key, design §5), and one per removed meter now in tech1's hands (issue 16 §4): nothing
    // of the first, rolled-back run is left behind.
    expect(await server.store.changes.count(techId)).toBe(feedBefore + 2);
    const all = await server.store.changes.listAfter(techId, lastBefore?.changeId ?? 0, 100);
    expect(all.filter((c) => c.entity === 'stockItem').map((c) => [c.op, c.entityVersion])).toEqual([
      ['upsert', 1],
      ['upsert', 1],
    ]);
    const feed = all.filter((c) => c.entity === 'workOrder');
    const versions = await Promise.all([first, second].map(async (wo) => (await server.store.workOrders.findById(wo.id))?.version));
    expect(feed.map((c) => [c.entityId, c.op, c.entityVersion])).toEqual([
      [first.id, 'upsert', versions[0]],
      [second.id, 'upsert', versions[1]],
    ]);
  });

  it('feeds a push changes in the order of its mutations, each with its own time', async () => {
    const orders = await fresh.assignedTo('tech1', 3);
    const techId = await server.userId('tech1');
    const [last] = await server.store.changes.listAfter(techId, 0, 1_000_000).then((all) => all.slice(-1));
    const device = new Device(tech1);
    const batch = orders.map((wo) => device.mutation('swap.complete', swapFor(wo).args));
    await device.pushOk(batch);
    const feed = await server.store.changes.listAfter(techId, last?.changeId ?? 0, 100);
    // Each swap's removed meter, now in the technician's hands (issue 16 §4), then its work order.
    expect(feed.map((c) => [c.entity, c.op])).toEqual(
      orders.flatMap(() => [
        ['stockItem', 'upsert'],
        ['workOrder', 'upsert'],
      ]),
    );
    expect(feed.filter((c) => c.entity === 'workOrder').map((c) => c.entityId)).toEqual(orders.map((wo) => wo.id));
  });

  it('stores a completion once when two devices of its technician send it at once', async () => {
    for (const wo of await fresh.assignedTo('tech1', 3)) {
      const swap = swapFor(wo);
      const [a, b] = [new Device(tech1), new Device(tech1)];
      const responses = await Promise.all([a, b].map((d) => d.push([d.mutation('swap.complete', swap.args)])));
      for (const res of responses) expect(res.status, res.text).toBe(200);
      expect(responses.map((res) => PushResponse.parse(res.json()).results[0]?.status)).toEqual(['applied', 'applied']);
      expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
      expect((await server.store.reviews.listForWorkOrder(wo.id)).map((r) => r.code)).toEqual(['COMPLETION']);
      for (const d of [a, b]) expect(await server.store.mutationLog.listForClient(d.clientId)).toHaveLength(1);
    }
  });

  it('applies a mutation id sent by two clients at once for one of them, and refuses it to the other (422)', async () => {
    for (const wo of await fresh.assignedTo('tech1', 3)) {
      const mutation = { seq: 1, mutationId: randomUUID(), name: 'swap.complete', args: swapFor(wo).args };
      const [a, b] = [new Device(tech1), new Device(tech1)];
      const responses = await Promise.all([a, b].map((d) => d.push([mutation])));
      const statuses = responses.map((res) => res.status).sort();
      expect(statuses).toEqual([200, 422]);
      for (const res of responses) {
        if (res.status === 422) expectProblem(res, 422, 'IDEMPOTENCY_KEY_REUSED');
        else expect(PushResponse.parse(res.json()).results[0]?.status).toBe('applied');
      }
      expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
    }
  });
});

describe.each(backends)('rows written at commit (%s)', (backend) => {
  let server: TestServer;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('are undone with the savepoint they were written under, and kept otherwise', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const item = (code: string) => ({
      id: randomUUID(),
      workOrderId: wo.id,
      completionId: null,
      code,
      detail: code,
      status: 'open' as const,
      createdAt: server.clock.now().toISOString(),
    });
    await server.store.transaction(async (tx) => {
      await tx
        .savepoint(() => {
          tx.atCommit.insertReviews([item('UNDONE')]);
          return Promise.reject(new Error('undo'));
        })
        .catch(() => undefined);
      await tx.savepoint(() => {
        tx.atCommit.insertReviews([item('KEPT')]);
        return Promise.resolve();
      });
      // Held until commit: not there yet inside the transaction either.
      expect(await tx.reviews.listForWorkOrder(wo.id)).toEqual([]);
    });
    expect((await server.store.reviews.listForWorkOrder(wo.id)).map((r) => r.code)).toEqual(['KEPT']);
  });

  it("keep the feed's one row per key across a transaction's appends: the last, where it came last", async () => {
    const [a, b] = await fresh.assignedTo('tech1', 2);
    if (!a || !b) throw new Error('no orders');
    const techId = await server.userId('tech1');
    const countBefore = await server.store.changes.count(techId);
    const [lastBefore] = (await server.store.changes.listAfter(techId, 0, 1_000_000)).slice(-1);
    const change = (entityId: string, entityVersion: number) => ({
      recipientUserId: techId,
      entity: 'workOrder' as const,
      entityId,
      op: 'upsert' as const,
      entityVersion,
    });
    await server.store.transaction(async (tx) => {
      await tx.changes.append([change(a.id, 100), change(b.id, 100)], '2026-12-01T00:00:00.000Z');
      await tx.changes.appendAll([
        { changes: [change(b.id, 101), change(a.id, 101)], createdAt: '2026-12-01T00:00:01.000Z' },
        { changes: [change(b.id, 102)], createdAt: '2026-12-01T00:00:02.000Z' },
      ]);
      await tx
        .savepoint(async () => {
          await tx.changes.append([change(a.id, 999)], '2026-12-01T00:00:03.000Z');
          throw new Error('undo');
        })
        .catch(() => undefined);
    });
    // Each replaced the assignment's row: the count is unchanged, and the feed ends with the two latest rows.
    expect(await server.store.changes.count(techId)).toBe(countBefore);
    const feed = await server.store.changes.listAfter(techId, lastBefore?.changeId ?? 0, 100);
    expect(feed.map((c) => [c.entityId, c.entityVersion])).toEqual([
      [a.id, 101],
      [b.id, 102],
    ]);
  });
});

/** Every statement the store sends to PostgreSQL while `fn` runs (the app runs in this process). */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const texts: string[] = [];
  const original = Object.getOwnPropertyDescriptor(pg.Client.prototype, 'query');
  const query = original?.value as (this: pg.Client, ...args: unknown[]) => unknown;
  Object.defineProperty(pg.Client.prototype, 'query', {
    ...original,
    value(this: pg.Client, ...args: unknown[]) {
      const [config] = args;
      texts.push(typeof config === 'string' ? config : String((config as { text?: unknown }).text));
      return query.apply(this, args);
    },
  });
  try {
    await fn();
  } finally {
    if (original) Object.defineProperty(pg.Client.prototype, 'query', original);
  }
  return texts;
}

describe.each(backends.filter((b) => b === 'postgres'))('push round trips (%s)', (backend) => {
  let server: TestServer;
  let fresh: FreshWorkOrders;
  let other: Store;

  beforeAll(async () => {
    server = await startTestServer(backend);
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
    other = await server.openAnotherStore();
  });
  afterAll(async () => {
    await server.close();
  });

  it('costs a push of 50 swaps eight statements per swap: no savepoint, one log insert, the feed locked once', async () => {
    const orders = await fresh.assignedTo('tech1', 50);
    const device = new Device(await server.login('tech1'));
    const batch = orders.map((wo) => device.mutation('swap.complete', swapFor(wo).args));
    let body: PushResponse | undefined;
    const statements = await statementsDuring(async () => {
      body = await device.pushOk(batch);
    });
    expect(body?.results.every((r) => r.status === 'applied')).toBe(true);
    // Six a swap; the push's own: 20, and one more multi-row insert at commit since issue 17 (the swaps' commissioning rows).
    // Issue 16 §3 adds two a swap (the stock it names, read in one statement; the removed meter created with its first
    // movement in one) and one a push (whether the technician was ever issued stock).
    expect(statements.length).toBeLessThanOrEqual(50 * 8 + 20 + 1 + 1);
    expect(statements.filter((s) => s.startsWith('insert into "commissioning"'))).toHaveLength(1);
    expect(statements.filter((s) => /savepoint/i.test(s))).toEqual([]);
    expect(statements.filter((s) => s.startsWith('insert into "mutation_log"'))).toHaveLength(1);
    expect(statements.filter((s) => s.startsWith('insert into "changes"'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('pg_advisory_xact_lock') && !s.includes('unnest'))).toHaveLength(1);
  });

  it('takes the serial and photo locks in one statement that excludes the same locks taken one by one', async () => {
    const events: string[] = [];
    let finish = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let locked = (): void => undefined;
    const lockedFirst = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const first = server.store.transaction(async (tx) => {
      await tx.completions.lockInstalledSerialAndPhotos('DT-LOCK-TEST', ['photo-b', 'photo-a']);
      events.push('first locked');
      locked();
      await held;
      events.push('first commits');
    });
    await lockedFirst;
    const waiters = [
      other.transaction(async (tx) => {
        await tx.photos.lockIds(['photo-a']);
        events.push('photo lock taken');
      }),
      other.transaction(async (tx) => {
        await tx.completions.lockInstalledSerialAndPhotos('DT-LOCK-TEST', []);
        events.push('serial lock taken');
      }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['first locked']);
    finish();
    await Promise.all([first, ...waiters]);
    expect(events.slice(0, 2)).toEqual(['first locked', 'first commits']);
    expect(events.slice(2).sort()).toEqual(['photo lock taken', 'serial lock taken']);
  });
});
