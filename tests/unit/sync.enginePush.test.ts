import { afterEach, describe, expect, it } from 'vitest';
import type { UserDatabase } from '../../src/local';
import { pullStoreFor } from '../../src/local';
import { pushStoreFor, watchPendingWork } from '../../src/local/outboxStore';
import { photoQueueStoreFor } from '../../src/local/photoQueueStore';
import { SyncEngine, WRITE_DEBOUNCE_MS, type ApiResult } from '../../src/sync';
import type { PullResponse } from '../../src/domain/sync';
import { page } from './support/fixtures';
import { fakePlatform, settle } from './support/fakePlatform';
import { FakePushServer, freshDatabase, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function setup(db: UserDatabase) {
  const calls: string[] = [];
  const server = new FakePushServer();
  const platform = fakePlatform();
  const engine = new SyncEngine({
    api: {
      pull: (): Promise<ApiResult<PullResponse>> => {
        calls.push('pull');
        return Promise.resolve({ ok: true, value: page([], { cursor: 'c', hasMore: false }) });
      },
    },
    store: pullStoreFor(db),
    platform,
    lockName: 'test',
    onUnauthenticated: () => undefined,
    push: {
      api: { push: (r) => (calls.push(`push ${r.mutations.map((m) => m.seq).join(',')}`), server.push(r)) },
      store: pushStoreFor(db),
    },
    photos: {
      api: {
        hasPhoto: (id) => (calls.push(`head ${id.slice(0, 6)}`), Promise.resolve({ ok: true, value: false })),
        putPhoto: (p) => (calls.push(`put ${p.photoId.slice(0, 6)}`), Promise.resolve({ ok: true, value: { created: true } })),
      },
      store: photoQueueStoreFor(db),
    },
    watchPendingWork: (listener) => watchPendingWork(db, listener),
  });
  return { engine, calls, platform, server };
}

describe('sync engine with an outbox', () => {
  it('pushes before it pulls, then uploads the photos on their own loop', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2, { photosEach: 1 });
    const { engine, calls } = setup(db);
    await engine.start();
    await settle(40);

    expect(calls.slice(0, 2)).toEqual(['push 1,2', 'pull']);
    expect(calls.filter((c) => c.startsWith('put'))).toHaveLength(2);
    expect(await db.photos.where('status').equals('uploaded').count()).toBe(2);
    expect(await db.outbox.where('status').equals('acked').count()).toBe(2);
    engine.stop();
  });

  it('sends a local write 2 s after it, without any button', async () => {
    const db = await freshDatabase(opened);
    const { engine, calls, platform } = setup(db);
    await engine.start();
    await settle(40);
    calls.length = 0;

    await queueVisits(db, 1);
    await settle(40);
    expect(calls).toEqual([]);
    platform.clock.advance(WRITE_DEBOUNCE_MS);
    await settle(40);

    expect(calls.slice(0, 2)).toEqual(['push 1', 'pull']);
    engine.stop();
  });
});
