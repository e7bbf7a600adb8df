import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/domain/protocol/mutations';
import { PullQuery, type PullResponse } from '../../src/domain/protocol/sync';
import { pullStoreFor, type UserDatabase } from '../../src/local';
import { deviceBacklog } from '../../src/local/deviceBacklog';
import { applyPushResults } from '../../src/local/outboxStore';
import { createApiClient, pullAll, type ApiClient, type ApiResult, type PullParams, type Transport } from '../../src/sync';
import { FakeClock } from './support/fakePlatform';
import { page } from './support/fixtures';
import { fakePhotoId, freshDatabase, NOW, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const EARLIER = new Date(NOW - 3 * 60 * 60 * 1000).toISOString();
const LATER = new Date(NOW + 60 * 60 * 1000).toISOString();

describe("the device's backlog report", () => {
  it('counts waiting records and their photos, and dates the oldest waiting record', async () => {
    const db = await freshDatabase(opened);
    const rows = await queueVisits(db, 3, { photosEach: 2 });
    await db.outbox.update(rows[0]?.seq ?? 0, { createdAt: EARLIER });
    await db.outbox.update(rows[1]?.seq ?? 0, { createdAt: LATER });
    // A draft's photo is not work to send.
    await db.photos.put({ photoId: fakePhotoId('draft'), ownerId: 'draft', mime: 'image/jpeg', status: 'pending', createdAt: NOW });
    await db.photoBytes.put({ photoId: fakePhotoId('draft'), bytes: new Uint8Array([0xff, 0xd8, 0xff]).buffer });

    expect(await deviceBacklog(db)).toEqual({ pendingRecords: 3, pendingPhotos: 6, oldestPendingAt: EARLIER });

    const first = rows[0];
    if (!first) throw new Error('no row');
    await applyPushResults(db, [{ seq: first.seq, mutationId: first.mutationId, status: 'applied' }], NOW);
    await db.photos.update(fakePhotoId(`s${first.seq}p0`), { status: 'uploaded' });
    expect(await deviceBacklog(db)).toEqual({ pendingRecords: 2, pendingPhotos: 5, oldestPendingAt: LATER });
  });

  it('reports nothing waiting on an empty device', async () => {
    const db = await freshDatabase(opened);
    expect(await deviceBacklog(db)).toEqual({ pendingRecords: 0, pendingPhotos: 0, oldestPendingAt: null });
  });

  it('goes with every page of a pull run', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2, { photosEach: 1 });
    const calls: PullParams[] = [];
    const pages: PullResponse[] = [page([], { cursor: 'p1', hasMore: true }), page([], { cursor: 'p2', hasMore: false })];
    const api: Pick<ApiClient, 'pull'> = {
      pull: (params): Promise<ApiResult<PullResponse>> => {
        calls.push(params);
        const next = pages.shift();
        if (!next) throw new Error('no more pages');
        return Promise.resolve({ ok: true, value: next });
      },
    };
    const result = await pullAll({ api, store: pullStoreFor(db), now: () => NOW });
    expect(result.ok).toBe(true);
    const expected = { pendingRecords: 2, pendingPhotos: 2, oldestPendingAt: new Date(NOW).toISOString() };
    expect(calls.map((c) => c.report)).toEqual([expected, expected]);
  });

  it('travels as query parameters that the server schema accepts', async () => {
    const transport = vi.fn<Transport>(() =>
      Promise.resolve(new Response(JSON.stringify(page([])), { status: 200, headers: { 'Content-Type': 'application/json' } })),
    );
    const client = createApiClient({ transport, clock: new FakeClock() });
    const clientId = '0f8c7d3e-5b1a-4c2d-9e8f-7a6b5c4d3e2f';
    await client.pull({ clientId, cursor: 'c1', limit: 200, report: { pendingRecords: 4, pendingPhotos: 9, oldestPendingAt: EARLIER } });
    await client.pull({ clientId, cursor: null, limit: 200, report: { pendingRecords: 0, pendingPhotos: 0, oldestPendingAt: null } });

    const queries = transport.mock.calls.map(([url]) => Object.fromEntries(new URL(url, 'http://device').searchParams));
    const version = String(PROTOCOL_VERSION);
    expect(queries[0]).toEqual({
      protocolVersion: version,
      clientId,
      limit: '200',
      cursor: 'c1',
      pendingRecords: '4',
      pendingPhotos: '9',
      oldestPendingAt: EARLIER,
      // The technician's stock comes with the work (issue 16): a client that says so.
      stock: '2',
    });
    expect(queries[1]).toEqual({ protocolVersion: version, clientId, limit: '200', pendingRecords: '0', pendingPhotos: '0', stock: '2' });
    expect(PullQuery.parse(queries[0])).toMatchObject({ pendingRecords: 4, pendingPhotos: 9, oldestPendingAt: EARLIER });
    expect(PullQuery.safeParse({ ...queries[1], pendingRecords: '-2' }).success).toBe(false);
  });
});
