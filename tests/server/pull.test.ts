import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncBacklogReport } from '../../src/domain/console/reports';
import { PullResponse, type Change } from '../../src/domain/protocol/sync';
import type { WorkOrder } from '../../src/domain/workOrder/workOrder';
import { backends, startTestServer, TEST_TODAY, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device } from './syncFixtures';

/** The work order an upsert carries. */
const dataOf = (change: Change | undefined): WorkOrder | undefined => (change?.entity === 'workOrder' ? change.data : undefined);

async function pullPage(client: HttpClient, clientId: string, cursor?: string, limit = 200): Promise<PullResponse> {
  const query = new URLSearchParams({ clientId, limit: String(limit), ...(cursor === undefined ? {} : { cursor }) });
  const res = await client.get(`/api/v1/sync/pull?${query}`);
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return PullResponse.parse(res.json());
}

/** Pulls until hasMore is false; returns every change in order and the final cursor. */
async function pullAll(client: HttpClient, clientId: string, cursor?: string, limit = 200) {
  const changes: Change[] = [];
  const pages: PullResponse[] = [];
  let next = cursor;
  for (;;) {
    const page = await pullPage(client, clientId, next, limit);
    pages.push(page);
    changes.push(...page.changes);
    next = page.cursor;
    if (!page.hasMore) return { changes, cursor: next, pages };
  }
}

describe.each(backends)('pull feed (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let tech2: HttpClient;
  const tech1Client = randomUUID();
  const tech2Client = randomUUID();
  let tech1Id: string;
  let tech2Id: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    tech1Id = await server.userId('tech1');
    tech2Id = await server.userId('tech2');
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives a technician exactly their 30 work orders for today on the first pull, across small pages', async () => {
    const { changes, pages } = await pullAll(tech1, tech1Client, undefined, 7);
    expect(pages.length).toBe(5);
    expect(pages.slice(0, -1).every((p) => p.hasMore)).toBe(true);
    // A full pull replaces whatever the device holds: its first page says so.
    expect(pages.map((p) => p.reset)).toEqual([true, false, false, false, false]);
    expect(pages.every((p) => p.lastSeq === 0)).toBe(true);
    expect(changes).toHaveLength(30);
    const ids = new Set(changes.map((c) => c.id));
    expect(ids.size).toBe(30);
    for (const change of changes) {
      expect(change).toMatchObject({ entity: 'workOrder', op: 'upsert' });
      expect(dataOf(change)).toMatchObject({ assigneeId: tech1Id, plannedDate: TEST_TODAY, status: 'assigned', province: 'Thanh Hóa' });
      expect(change.version).toBe(dataOf(change)?.version);
      expect(dataOf(change)).not.toHaveProperty('teamId');
    }
  });

  it("never sends a technician another technician's work orders", async () => {
    const mine = await pullAll(tech1, tech1Client);
    const theirs = await pullAll(tech2, tech2Client);
    expect(theirs.changes).toHaveLength(30);
    expect(theirs.changes.every((c) => dataOf(c)?.assigneeId === tech2Id)).toBe(true);
    const overlap = theirs.changes.filter((c) => mine.changes.some((m) => m.id === c.id));
    expect(overlap).toEqual([]);
  });

  it('gives a supervisor, who has no assignments, an empty feed', async () => {
    const supervisor = await server.login('supervisor1');
    const page = await pullPage(supervisor, randomUUID());
    expect(page).toMatchObject({ changes: [], hasMore: false, reset: true, lastSeq: 0 });
  });

  it('resumes from a cursor: nothing new gives an empty page at the same position', async () => {
    const first = await pullAll(tech1, tech1Client);
    const again = await pullPage(tech1, tech1Client, first.cursor);
    expect(again.changes).toEqual([]);
    expect(again.hasMore).toBe(false);
    expect(again.reset).toBe(false);
    expect(again.cursor).toBe(first.cursor);
  });

  it('gives a device in sync the seq of its latest push, even one that changed nothing in its feed', async () => {
    const device = new Device(tech1);
    const { cursor } = await pullAll(tech1, device.clientId);
    // Refused for good (consumes its seq) and writes nothing any feed carries: the page stays empty.
    expect(await device.send('meter.teleport', { to: 'Hà Nội' })).toMatchObject({ seq: 1, status: 'rejected' });
    const page = await pullPage(tech1, device.clientId, cursor);
    expect(page).toMatchObject({ changes: [], hasMore: false, reset: false, lastSeq: 1, cursor });
  });

  it('after a reassignment, gives the old assignee a revoke and the new one an upsert', async () => {
    const before1 = await pullAll(tech1, tech1Client);
    const before2 = await pullAll(tech2, tech2Client);
    const moved = before1.changes[0];
    if (!moved) throw new Error('tech1 has no work');
    const supervisor = await server.login('supervisor1');
    const res = await supervisor.post('/api/v1/assignments', { workOrderIds: [moved.id], technicianId: tech2Id });
    expect(res.status, res.text).toBe(200);

    const after1 = await pullAll(tech1, tech1Client, before1.cursor);
    expect(after1.changes).toEqual([{ entity: 'workOrder', op: 'revoke', id: moved.id, version: moved.version + 1 }]);
    const after2 = await pullAll(tech2, tech2Client, before2.cursor);
    expect(after2.changes).toHaveLength(1);
    expect(after2.changes[0]).toMatchObject({ entity: 'workOrder', op: 'upsert', id: moved.id, version: moved.version + 1 });
    expect(dataOf(after2.changes[0])).toMatchObject({ assigneeId: tech2Id, status: 'assigned' });
  });

  it('answers a garbled cursor with reset and a full pull: what the technician owns now, without revokes', async () => {
    const owned = await server.store.workOrders.list({ teamId: null, assigneeId: tech1Id }, undefined, 1000);
    // The reassignment above took one of the 30 away: its revoke is history a device starting afresh never needs.
    expect(owned).toHaveLength(29);
    for (const cursor of [
      'garbage!!',
      'eyJub3QiOiJ2YWxpZCJ9',
      Buffer.from(JSON.stringify({ v: 1, e: 'another-epoch', u: tech1Id, c: 5 })).toString('base64url'),
      Buffer.from(JSON.stringify({ v: 2, e: 'another-epoch', u: tech1Id, c: 5, r: 9 })).toString('base64url'),
    ]) {
      const page = await pullPage(tech1, tech1Client, cursor);
      expect(page.reset).toBe(true);
      expect(page.hasMore).toBe(false);
      expect(page.changes.every((c) => c.op === 'upsert')).toBe(true);
      expect(new Set(page.changes.map((c) => `${c.id}@${c.version}`))).toEqual(new Set(owned.map((wo) => `${wo.id}@${wo.version}`)));
    }
  });

  it("resets a client that presents another user's cursor", async () => {
    const { cursor } = await pullAll(tech1, tech1Client);
    const page = await pullPage(tech2, tech2Client, cursor);
    expect(page.reset).toBe(true);
    expect(page.changes.every((c) => c.op === 'revoke' || dataOf(c)?.assigneeId === tech2Id)).toBe(true);
  });

  it('refuses a client id that belongs to another user with 403 CLIENT_USER_MISMATCH', async () => {
    const res = await tech2.get(`/api/v1/sync/pull?clientId=${tech1Client}`);
    expectProblem(res, 403, 'CLIENT_USER_MISMATCH');
  });

  it("writes nothing on another user's client when it refuses the pull: its contact time and backlog report stay", async () => {
    const supervisor = await server.login('supervisor1');
    const tech1Row = async () =>
      SyncBacklogReport.parse((await supervisor.get('/api/v1/reports/sync-backlog')).json()).items.find((i) => i.technicianId === tech1Id);
    const clientId = randomUUID();
    expect((await tech1.get(`/api/v1/sync/pull?clientId=${clientId}&pendingRecords=2&pendingPhotos=4`)).status).toBe(200);
    const before = await tech1Row();
    expect(before).toMatchObject({ pendingRecords: 2, pendingPhotos: 4 });
    server.clock.advance(60_000);
    expectProblem(await tech2.get(`/api/v1/sync/pull?clientId=${clientId}&pendingRecords=9&pendingPhotos=9`), 403, 'CLIENT_USER_MISMATCH');
    // Nothing was queued either (a bound client's check-in is written after the answer).
    await server.store.checkIns.settled();
    expect(await tech1Row()).toEqual(before);
  });

  it('requires a client id', async () => {
    const res = await tech1.get('/api/v1/sync/pull');
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path)).toEqual(['clientId']);
  });
});
