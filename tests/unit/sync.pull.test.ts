import { afterEach, describe, expect, it } from 'vitest';
import { PULL_DEFAULT_LIMIT, type PullResponse } from '../../src/domain/protocol/sync';
import { openUserDatabase, pullStoreFor, readSyncMeta, type UserDatabase } from '../../src/local';
import { pullAll, type ApiClient, type ApiResult, type PullParams } from '../../src/sync';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';

/** A server that answers each pull with the next scripted page and records what it was asked. */
function scriptedApi(pages: ApiResult<PullResponse>[]) {
  const calls: PullParams[] = [];
  const api: Pick<ApiClient, 'pull'> = {
    pull: (params) => {
      calls.push(params);
      const next = pages.shift();
      if (next === undefined) throw new Error('no more scripted pages');
      return Promise.resolve(next);
    },
  };
  return { api, calls };
}

const ok = (value: PullResponse): ApiResult<PullResponse> => ({ ok: true, value });
const opened: UserDatabase[] = [];

async function freshDatabase(): Promise<UserDatabase> {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

describe('pull loop', () => {
  it('pages until hasMore is false, applying each page and storing the last cursor', async () => {
    const db = await freshDatabase();
    const [a, b, c] = [makeWorkOrder(), makeWorkOrder(), makeWorkOrder()];
    const { api, calls } = scriptedApi([
      ok(page([upsert(a)], { cursor: 'p1', hasMore: true })),
      ok(page([upsert(b)], { cursor: 'p2', hasMore: true })),
      ok(page([upsert(c)], { cursor: 'p3', hasMore: false, lastSeq: 4 })),
    ]);

    const result = await pullAll({ api, store: pullStoreFor(db), now: () => 1234 });

    expect(result).toEqual({ ok: true, value: { pages: 3, changes: 3 } });
    expect(calls.map((p) => p.cursor)).toEqual([null, 'p1', 'p2']);
    expect(calls.every((p) => p.clientId === calls[0]?.clientId && p.limit === PULL_DEFAULT_LIMIT)).toBe(true);
    expect(await db.workOrders.count()).toBe(3);
    const meta = await readSyncMeta(db);
    expect(meta).toMatchObject({ pullCursor: 'p3', lastSeq: 4, lastPulledAt: 1234 });
    expect(calls[0]?.clientId).toBe(meta.clientId);
  });

  it('resumes from the stored cursor after an interrupted pull, keeping the pages already applied', async () => {
    const db = await freshDatabase();
    const [a, b] = [makeWorkOrder(), makeWorkOrder()];
    const first = scriptedApi([
      ok(page([upsert(a)], { cursor: 'p1', hasMore: true })),
      { ok: false, error: { code: 'OFFLINE', status: null, retryable: true } },
    ]);

    const interrupted = await pullAll({ api: first.api, store: pullStoreFor(db), now: () => 1 });
    expect(interrupted.ok ? null : interrupted.error.code).toBe('OFFLINE');
    expect(await db.workOrders.count()).toBe(1);
    expect((await readSyncMeta(db)).lastPulledAt).toBeNull();

    const second = scriptedApi([ok(page([upsert(b)], { cursor: 'p2', hasMore: false }))]);
    await pullAll({ api: second.api, store: pullStoreFor(db), now: () => 2 });

    expect(second.calls[0]?.cursor).toBe('p1');
    expect(await db.workOrders.count()).toBe(2);
    expect((await readSyncMeta(db)).lastPulledAt).toBe(2);
  });

  it('on reset clears the mirror and keeps the outbox', async () => {
    const db = await freshDatabase();
    const gone = makeWorkOrder();
    const before = scriptedApi([ok(page([upsert(gone)], { cursor: 'old' }))]);
    await pullAll({ api: before.api, store: pullStoreFor(db), now: () => 1 });
    await db.outbox.add({ seq: 1, mutationId: testUuid(), name: 'workOrder.start', args: {}, createdAt: 'x', status: 'pending' });

    const kept = makeWorkOrder();
    const { api, calls } = scriptedApi([ok(page([upsert(kept)], { cursor: 'new', reset: true }))]);
    await pullAll({ api, store: pullStoreFor(db), now: () => 2 });

    expect(calls[0]?.cursor).toBe('old');
    expect((await db.workOrders.toArray()).map((w) => w.id)).toEqual([kept.id]);
    expect(await db.outbox.count()).toBe(1);
    expect((await readSyncMeta(db)).pullCursor).toBe('new');
  });
});
