import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse } from '../../src/domain/protocol/sync';
import { createFeedCompaction } from '../../server/services/feedCompaction';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { FreshWorkOrders } from './syncFixtures';

/*
 * Issue 14: the pull feed keeps one row per (recipient, entity, id), a full pull costs what the technician owns, and
 * old revokes are compacted away; through all of it a device never misses a change, never keeps an order it lost,
 * and a cursor stays valid or the device is told to reset (design §5).
 */

/** A technician's phone as far as the pull goes: its client id, cursor and mirror (id → version), as src/local applies pages. */
class Phone {
  readonly clientId = randomUUID();
  cursor: string | undefined;
  readonly held = new Map<string, number>();
  readonly pages: PullResponse[] = [];

  /** Replaced when the technician signs in again. */
  constructor(public http: HttpClient) {}

  /** One page from the stored cursor, applied as src/local/applyPull.ts applies it. */
  async page(limit = 200): Promise<PullResponse> {
    const query = new URLSearchParams({
      clientId: this.clientId,
      limit: String(limit),
      ...(this.cursor === undefined ? {} : { cursor: this.cursor }),
    });
    const res = await this.http.get(`/api/v1/sync/pull?${query}`);
    expect(res.status, res.text).toBe(200);
    const page = PullResponse.parse(res.json());
    if (page.reset) this.held.clear();
    for (const change of page.changes) {
      if (change.entity !== 'workOrder') continue;
      if (change.op === 'revoke') this.held.delete(change.id);
      else if ((this.held.get(change.id) ?? -1) <= change.version) this.held.set(change.id, change.version);
    }
    this.cursor = page.cursor;
    this.pages.push(page);
    return page;
  }

  /** Pages until `hasMore` is false, `between(n)` after the n-th page of this run (1-based). */
  async pullAll(limit = 200, between?: (page: number) => Promise<void>): Promise<PullResponse[]> {
    const pages: PullResponse[] = [];
    for (;;) {
      const page = await this.page(limit);
      pages.push(page);
      if (!page.hasMore) return pages;
      await between?.(pages.length);
    }
  }
}

/** Moves work orders to a technician as the console does. */
async function move(supervisor: HttpClient, orders: readonly (string | { id: string })[], technicianId: string): Promise<void> {
  const workOrderIds = orders.map((o) => (typeof o === 'string' ? o : o.id));
  const res = await supervisor.post('/api/v1/assignments', { workOrderIds, technicianId });
  expect(res.status, res.text).toBe(200);
}

async function ownedBy(server: TestServer, userId: string): Promise<Map<string, number>> {
  const orders = await server.store.workOrders.list({ teamId: null, assigneeId: userId }, undefined, 5000);
  return new Map(orders.map((wo) => [wo.id, wo.version]));
}

describe.each(backends)('pull feed compaction (%s)', (backend) => {
  let server: TestServer;
  let supervisor: HttpClient;
  let fresh: FreshWorkOrders;
  const ids = new Map<string, string>();
  const id = (username: string) => ids.get(username) ?? '';
  const phoneOf = async (username: string) => new Phone(await server.login(username));

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor = await server.login('supervisor1');
    fresh = new FreshWorkOrders(server, supervisor);
    for (const username of ['tech1', 'tech2', 'tech3']) ids.set(username, await server.userId(username));
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps one feed row per technician and order, however often the order moves', async () => {
    const orders = fresh.take(2);
    const rows3 = await server.store.changes.count(id('tech3'));
    const rows2 = await server.store.changes.count(id('tech2'));
    for (const to of ['tech3', 'tech2', 'tech3', 'tech2', 'tech3']) await move(supervisor, orders, id(to));
    // tech3 owns both (an upsert each), tech2 lost both (a revoke each): five moves left one row per key.
    expect(await server.store.changes.count(id('tech3'))).toBe(rows3 + 2);
    expect(await server.store.changes.count(id('tech2'))).toBe(rows2 + 2);
    const phone = await phoneOf('tech2');
    const [first] = await phone.pullAll();
    expect(first?.changes.filter((c) => orders.some((o) => o.id === c.id))).toEqual([]);
  });

  it('gives a full pull exactly what the technician owns, without revokes, and says reset on its first page', async () => {
    const lost = (await server.store.workOrders.list({ teamId: null, assigneeId: id('tech2') }, undefined, 3)).slice(0, 3);
    await move(supervisor, lost, id('tech3'));
    const phone = await phoneOf('tech2');
    const pages = await phone.pullAll(4);
    expect(pages.map((p) => p.reset)).toEqual(pages.map((_, i) => i === 0));
    expect(pages.flatMap((p) => p.changes).every((c) => c.op === 'upsert')).toBe(true);
    expect(phone.held).toEqual(await ownedBy(server, id('tech2')));
    expect(phone.held.size).toBe(27);
  });

  it('brings a device that pulled before the handovers up to date: the revokes it needs, then nothing', async () => {
    const phone = await phoneOf('tech1');
    await phone.pullAll();
    const moved = [...phone.held.keys()].slice(0, 3);
    await move(supervisor, moved, id('tech2'));
    const [page] = await phone.pullAll();
    expect(page?.reset).toBe(false);
    expect(page?.changes.map((c) => [c.op, c.id])).toEqual(moved.map((workOrderId) => ['revoke', workOrderId]));
    expect(phone.held).toEqual(await ownedBy(server, id('tech1')));
    expect((await phone.page()).changes).toEqual([]);
  });

  it('never misses a change committed during a full pull, nor keeps an order lost meanwhile', async () => {
    const phone = await phoneOf('tech1');
    const added = fresh.take(2);
    let sentFirst: string | undefined;
    await phone.pullAll(5, async (page) => {
      if (page === 1) {
        // Sent on the first page, then taken away: its revoke is newer than the pull's start, so it comes.
        sentFirst = [...phone.held.keys()][0];
        // Not sent yet, moved away and back: its one row moves past the cursor and comes as an upsert.
        const unsent = [...(await ownedBy(server, id('tech1'))).keys()].find((wo) => !phone.held.has(wo)) ?? '';
        await move(supervisor, [sentFirst ?? '', unsent], id('tech2'));
        await move(supervisor, [unsent], id('tech1'));
        await move(supervisor, added, id('tech1'));
      }
      if (page === 2) await move(supervisor, added.slice(0, 1), id('tech3'));
    });
    expect(sentFirst).toBeDefined();
    expect(phone.held.has(sentFirst ?? '')).toBe(false);
    expect(phone.held.has(added[1]?.id ?? '')).toBe(true);
    expect(phone.held.has(added[0]?.id ?? '')).toBe(false);
    expect(phone.held).toEqual(await ownedBy(server, id('tech1')));
  });

  it('ends every full pull, and the incremental pull after it, with what the technician owns while orders move meanwhile', async () => {
    const pool = fresh.take(6);
    await move(supervisor, pool, id('tech1'));
    for (let round = 0; round < 4; round++) {
      const phone = await phoneOf('tech1');
      // A bounded number of moves, so the pull is sure to catch up with them.
      const mover = (async () => {
        for (let i = 0; i < 6; i++) {
          const some = pool.filter((_, k) => (k + i + round) % 3 !== 0);
          await move(supervisor, some, id(i % 2 === 0 ? 'tech2' : 'tech1'));
        }
      })();
      await phone.pullAll(3);
      await mover;
      await phone.pullAll(3);
      expect(phone.held).toEqual(await ownedBy(server, id('tech1')));
    }
  });

  it('answers a cursor written before compaction existed (v1) with the changes since, without reset', async () => {
    const phone = await phoneOf('tech3');
    await phone.pullAll();
    // What a server of that time answered: the position of the caller's own last row.
    const lastRow = (await server.store.changes.listAfter(id('tech3'), 0, 10_000)).at(-1)?.changeId ?? 0;
    const old = Buffer.from(JSON.stringify({ v: 1, e: await server.store.meta.epoch(), u: id('tech3'), c: lastRow })).toString('base64url');
    const [moved] = fresh.take(1);
    if (!moved) throw new Error('no order');
    await move(supervisor, [moved], id('tech3'));
    phone.cursor = old;
    const [page] = await phone.pullAll();
    expect(page).toMatchObject({ reset: false, hasMore: false });
    expect(page?.changes.map((c) => [c.op, c.id])).toEqual([['upsert', moved.id]]);
  });
});

describe.each(backends)('pull feed compaction of old revokes (%s)', (backend) => {
  let server: TestServer;
  let supervisor: HttpClient;
  let tech1Id: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor = await server.login('supervisor1');
    tech1Id = await server.userId('tech1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends a device back to a full pull once revokes it may need are gone; a device in sync, or in a full pull, goes on', async () => {
    const tech1 = await server.login('tech1');
    const tech2Id = await server.userId('tech2');
    const behind = new Phone(tech1);
    const inSync = new Phone(tech1);
    await behind.pullAll();
    const owned = [...(await ownedBy(server, tech1Id)).keys()];
    await move(supervisor, owned.slice(0, 4), tech2Id);
    await inSync.pullAll();
    // tech1's feed goes quiet while the rest of the feed moves on (the newest revoke is tech2's): the device in sync
    // keeps up with the feed, not with its own last row.
    const other = new FreshWorkOrders(server, supervisor).take(1);
    await move(supervisor, other, tech2Id);
    await move(supervisor, other, await server.userId('tech3'));
    expect((await inSync.pullAll()).flatMap((p) => p.changes)).toEqual([]);
    // A full pull under way when compaction passes: its first page before, the rest after.
    const during = new Phone(tech1);
    expect((await during.page(5)).hasMore).toBe(true);

    const rowsBefore = await server.store.changes.count(tech1Id);
    server.clock.advance(31 * 86_400_000);
    const removed = await createFeedCompaction(server.store, server.clock, { revokeDays: 30 }).compactOnce();
    expect(removed).toBe(5);
    // What is left of tech1's feed is what tech1 owns; compacting again finds nothing.
    const now = await ownedBy(server, tech1Id);
    expect(await server.store.changes.count(tech1Id)).toBe(now.size);
    expect(rowsBefore).toBe(now.size + 4);
    expect(await createFeedCompaction(server.store, server.clock, { revokeDays: 30 }).compactOnce()).toBe(0);

    // The sessions did not outlive the clock's jump: sign in again.
    const again = await server.login('tech1');
    for (const phone of [behind, inSync, during]) phone.http = again;
    const [reset] = await behind.pullAll();
    expect(reset?.reset).toBe(true);
    expect(behind.held).toEqual(now);
    for (const phone of [inSync, during]) {
      const pages = await phone.pullAll(5);
      expect(pages.every((p) => !p.reset)).toBe(true);
      expect(phone.held).toEqual(now);
    }
  });

  it('compacts on its own in a server process: a pass soon after start, logged, and stop waits for one under way', async () => {
    const supervisorNow = await server.login('supervisor1');
    // The first fresh order went to the test before.
    const [, order] = new FreshWorkOrders(server, supervisorNow).take(2);
    if (!order) throw new Error('no order');
    await move(supervisorNow, [order], tech1Id);
    await move(supervisorNow, [order], await server.userId('tech2'));
    const before = await server.store.changes.count(tech1Id);
    server.clock.advance(31 * 86_400_000);
    const logged: { removed?: number }[] = [];
    const log = { info: (details: { removed?: number }) => logged.push(details), error: () => undefined };
    const stop = createFeedCompaction(server.store, server.clock, { revokeDays: 30 }).start(log, 3_600_000, 10);
    for (let waited = 0; logged.length === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await stop();
    expect(logged).toEqual([expect.objectContaining({ removed: 1 })]);
    expect(await server.store.changes.count(tech1Id)).toBe(before - 1);
  });
});
