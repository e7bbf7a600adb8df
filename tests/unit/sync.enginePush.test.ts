import { afterEach, describe, expect, it } from 'vitest';
import type { UserDatabase } from '../../src/local';
import { pullStoreFor } from '../../src/local';
import { outboxTable, pushStoreFor, watchPendingWork } from '../../src/local/outboxStore';
import { errorFromStatus } from '../../src/sync/apiError';
import { BACKOFF_CAP_MS } from '../../src/sync/backoff';
import { photoQueueStoreFor } from '../../src/local/photoQueueStore';
import { PENDING_INTERVAL_MS, SyncEngine, WRITE_DEBOUNCE_MS, type ApiResult } from '../../src/sync';
import type { PushRequest } from '../../src/domain/protocol/mutations';
import type { PullResponse } from '../../src/domain/protocol/sync';
import { page } from './support/fixtures';
import { fakePlatform, settle } from './support/fakePlatform';
import { FakePushServer, freshDatabase, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function setup(db: UserDatabase, server = new FakePushServer()) {
  const calls: string[] = [];
  let unauthenticated = 0;
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
    onUnauthenticated: () => {
      unauthenticated += 1;
    },
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
  return { engine, calls, platform, server, unauthenticated: () => unauthenticated };
}

describe('sync engine with an outbox', () => {
  it('pushes before it pulls, and uploads the photos on their own loop beside them', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2, { photosEach: 1 });
    const { engine, calls } = setup(db);
    await engine.start();
    await settle(40);

    const records = calls.filter((c) => !c.startsWith('put') && !c.startsWith('head'));
    expect(records.slice(0, 2)).toEqual(['push 1,2', 'pull']);
    expect(calls.filter((c) => c.startsWith('put'))).toHaveLength(2);
    expect(await db.photos.where('status').equals('uploaded').count()).toBe(2);
    expect(await db.outbox.where('status').equals('acked').count()).toBe(2);
    engine.stop();
  });

  it('does not hold the photos back until the push has answered (a slow link would sit idle meanwhile)', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2, { photosEach: 2 });
    const server = new FakePushServer();
    let answerPush: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      answerPush = resolve;
    });
    const holding = Object.assign(new FakePushServer(), {
      push: async (request: PushRequest) => {
        await held;
        return server.push(request);
      },
    });
    const { engine, calls } = setup(db, holding);
    const started = engine.start();
    await settle(40);

    expect(calls.filter((c) => c.startsWith('push'))).toEqual(['push 1,2']);
    expect(calls).not.toContain('pull');
    expect(calls.filter((c) => c.startsWith('put'))).toHaveLength(4);
    expect(await db.photos.where('status').equals('uploaded').count()).toBe(4);

    answerPush();
    await started;
    await settle(40);
    expect(calls).toContain('pull');
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

  it('shows a key-reuse refusal and does not retry it on a timer, while new writes still try', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1);
    const server = new FakePushServer();
    server.scripted.push(
      { code: 'IDEMPOTENCY_KEY_REUSED', status: 422, retryable: false },
      { code: 'IDEMPOTENCY_KEY_REUSED', status: 422, retryable: false },
    );
    const { engine, calls, platform } = setup(db, server);
    await engine.start();
    await settle(40);
    expect(engine.getSnapshot()).toMatchObject({ phase: 'error', errorCode: 'IDEMPOTENCY_KEY_REUSED', nextRetryAt: null });

    calls.length = 0;
    platform.clock.advance(PENDING_INTERVAL_MS * 3);
    await settle(40);
    expect(calls.filter((c) => c.startsWith('push'))).toEqual([]);
    engine.stop();
  });

  it('answers a server bug (500) on one record by delivering the ones before it and marking it, never resending it on a timer', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 3);
    const server = new FakePushServer();
    const fakePush = server.push;
    // The same bytes meet the same bug: every push holding seq 2 answers a bare 500.
    server.push = (request) =>
      request.mutations.some((m) => m.seq === 2) ? Promise.resolve({ ok: false, error: errorFromStatus(500) }) : fakePush(request);
    const { engine, calls, platform } = setup(db, server);
    await engine.start();
    await settle(60);

    expect(engine.getSnapshot()).toMatchObject({ phase: 'error', errorCode: 'INTERNAL', nextRetryAt: null });
    const rows = await outboxTable(db).toArray();
    expect(rows.map((r) => [r.seq, r.status, r.blockedBy])).toEqual([
      [1, 'acked', undefined],
      [2, 'pending', 'INTERNAL'],
      [3, 'pending', undefined],
    ]);
    calls.length = 0;
    platform.clock.advance(BACKOFF_CAP_MS + PENDING_INTERVAL_MS * 3);
    await settle(60);
    expect(calls.filter((c) => c.startsWith('push'))).toEqual([]);
    engine.stop();
  });

  it('stops on CLIENT_OUTDATED without a retry timer or a marked row, keeps the outbox, and sends it all once the version is accepted', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 3);
    const server = new FakePushServer();
    const fakePush = server.push;
    let answer: 'outdated' | 'offline' | 'accepted' = 'outdated';
    const refusals = {
      outdated: { code: 'CLIENT_OUTDATED', status: 426, retryable: false },
      offline: { code: 'OFFLINE', status: null, retryable: true },
    };
    server.push = (request) => (answer === 'accepted' ? fakePush(request) : Promise.resolve({ ok: false, error: refusals[answer] }));
    const { engine, calls, platform } = setup(db, server);
    await engine.start();
    await settle(60);

    // One push, no one-at-a-time narrowing, no pull (it would meet the same answer).
    expect(calls.filter((c) => c.startsWith('push') || c === 'pull')).toEqual(['push 1,2,3']);
    expect(engine.getSnapshot()).toMatchObject({ phase: 'error', errorCode: 'CLIENT_OUTDATED', nextRetryAt: null, clientOutdated: true });
    const rows = await outboxTable(db).toArray();
    expect(rows.map((r) => [r.seq, r.status, r.blockedBy])).toEqual([
      [1, 'pending', undefined],
      [2, 'pending', undefined],
      [3, 'pending', undefined],
    ]);

    calls.length = 0;
    platform.clock.advance(BACKOFF_CAP_MS + PENDING_INTERVAL_MS * 3);
    await settle(60);
    expect(calls.filter((c) => c.startsWith('push') || c === 'pull')).toEqual([]);

    // A try that never reached the server (offline) does not hide the notice.
    answer = 'offline';
    await engine.requestSync('manual');
    expect(engine.getSnapshot()).toMatchObject({ errorCode: 'OFFLINE', clientOutdated: true });

    answer = 'accepted';
    await engine.requestSync('manual');
    await settle(60);
    expect(engine.getSnapshot()).toMatchObject({ phase: 'idle', errorCode: null, clientOutdated: false });
    expect(await db.outbox.where('status').equals('acked').count()).toBe(3);
    expect(server.lastSeq).toBe(3);
    engine.stop();
  });

  it('keeps backing off a busy server (503) and sends once it answers again', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2);
    const server = new FakePushServer();
    server.scripted.push({ code: 'UNAVAILABLE', status: 503, retryable: true, retryAfterMs: 5_000 });
    const { engine, platform } = setup(db, server);
    await engine.start();
    await settle(40);
    expect(engine.getSnapshot()).toMatchObject({ phase: 'error', errorCode: 'UNAVAILABLE' });
    expect(await db.outbox.where('status').equals('pending').count()).toBe(2);

    platform.clock.advance(5_000);
    await settle(60);
    expect(engine.getSnapshot().phase).toBe('idle');
    expect(await db.outbox.where('status').equals('acked').count()).toBe(2);
    engine.stop();
  });
});
