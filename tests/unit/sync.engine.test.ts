import { describe, expect, it, vi } from 'vitest';
import type { PullResponse } from '../../src/domain/protocol/sync';
import { BACKOFF_BASE_MS, SyncEngine, type ApiError, type ApiResult, type PullStore } from '../../src/sync';
import { page } from './support/fixtures';
import { fakePlatform, settle, type FakePlatform } from './support/fakePlatform';

type Answer = ApiResult<PullResponse>;
const done: Answer = { ok: true, value: page([], { cursor: 'c', hasMore: false }) };
const failure = (error: Partial<ApiError> & { code: string }): Answer => ({
  ok: false,
  error: { status: null, retryable: true, ...error },
});

function memoryStore(): PullStore & { getLastPulledAt(): Promise<number | null>; pulledAt: number | null } {
  const store = {
    pulledAt: null as number | null,
    cursor: null as string | null,
    getClientId: () => Promise.resolve('client-1'),
    getPullCursor: () => Promise.resolve(store.cursor),
    applyPage: (p: { cursor: string }) => {
      store.cursor = p.cursor;
      return Promise.resolve();
    },
    markPulled: (at: number) => {
      store.pulledAt = at;
      return Promise.resolve();
    },
    getLastPulledAt: () => Promise.resolve(store.pulledAt),
  };
  return store;
}

function setup(answers: Answer[], platform: FakePlatform = fakePlatform()) {
  const pull = vi.fn(() => Promise.resolve(answers.length > 1 ? (answers.shift() ?? done) : (answers[0] ?? done)));
  const onUnauthenticated = vi.fn();
  const engine = new SyncEngine({ api: { pull }, store: memoryStore(), platform, lockName: 'test', onUnauthenticated });
  return { engine, pull, platform, onUnauthenticated };
}

describe('sync engine', () => {
  it('pulls on start and reports idle with the time of the last sync', async () => {
    const { engine, pull, platform } = setup([done]);
    await engine.start();

    expect(pull).toHaveBeenCalledTimes(1);
    expect(engine.getSnapshot()).toMatchObject({ phase: 'idle', errorCode: null, lastSyncedAt: platform.clock.now() });
  });

  it('reports syncing while a pull is in flight and notifies subscribers', async () => {
    const { engine } = setup([done]);
    const phases: string[] = [];
    engine.subscribe(() => phases.push(engine.getSnapshot().phase));
    await engine.start();

    expect(phases).toEqual(['syncing', 'idle']);
  });

  it('syncs again when the page becomes visible, the network comes back, or the button is pressed', async () => {
    const { engine, pull, platform } = setup([done]);
    await engine.start();
    platform.visibility.becomeVisible();
    await settle();
    platform.network.set(false);
    platform.network.set(true);
    await settle();
    await engine.requestSync('manual');

    expect(pull).toHaveBeenCalledTimes(4);
  });

  it('skips automatic syncs while the browser is offline, but the button still tries', async () => {
    const { engine, pull, platform } = setup([failure({ code: 'OFFLINE' })], fakePlatform({ online: false }));
    await engine.start();
    platform.visibility.becomeVisible();
    await settle();
    expect(pull).not.toHaveBeenCalled();

    await engine.requestSync('manual');
    expect(pull).toHaveBeenCalledTimes(1);
    expect(engine.getSnapshot()).toMatchObject({ phase: 'error', errorCode: 'OFFLINE' });
  });

  it('retries a failure after a jittered backoff that grows with each failure', async () => {
    const unavailable = failure({ code: 'UNAVAILABLE', status: 503 });
    const { engine, pull, platform } = setup([unavailable, unavailable, unavailable, done], fakePlatform({ random: 1 }));
    await engine.start();
    expect(platform.clock.pendingDelays()).toEqual([BACKOFF_BASE_MS]);

    platform.clock.advance(BACKOFF_BASE_MS);
    await settle();
    expect(pull).toHaveBeenCalledTimes(2);
    expect(platform.clock.pendingDelays()).toEqual([2 * BACKOFF_BASE_MS]);

    platform.clock.advance(2 * BACKOFF_BASE_MS);
    await settle();
    expect(platform.clock.pendingDelays()).toEqual([4 * BACKOFF_BASE_MS]);

    platform.clock.advance(4 * BACKOFF_BASE_MS);
    await settle();
    expect(pull).toHaveBeenCalledTimes(4);
    expect(engine.getSnapshot().phase).toBe('idle');
    expect(platform.clock.pendingDelays()).toEqual([]);
  });

  it('waits at least as long as the server asked with Retry-After', async () => {
    const { engine, platform } = setup([failure({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 60_000 })]);
    await engine.start();

    expect(platform.clock.pendingDelays()).toEqual([60_000]);
    expect(engine.getSnapshot()).toMatchObject({ errorCode: 'RATE_LIMITED', retryAfterMs: 60_000 });
  });

  it('does not retry by itself after a permanent error', async () => {
    const { engine, platform } = setup([failure({ code: 'CLIENT_USER_MISMATCH', status: 403, retryable: false })]);
    await engine.start();

    expect(engine.getSnapshot()).toMatchObject({ phase: 'error', errorCode: 'CLIENT_USER_MISMATCH', nextRetryAt: null });
    expect(platform.clock.pendingDelays()).toEqual([]);
  });

  it('on 401 stops and reports the expired session once, keeping nothing scheduled', async () => {
    const { engine, pull, platform, onUnauthenticated } = setup([failure({ code: 'UNAUTHENTICATED', status: 401, retryable: false })]);
    await engine.start();
    platform.visibility.becomeVisible();
    await settle();

    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(pull).toHaveBeenCalledTimes(1);
    expect(platform.clock.pendingDelays()).toEqual([]);
  });

  it('runs once more when asked during a run, instead of running two pulls at once', async () => {
    let release: (value: Answer) => void = () => undefined;
    const pull = vi
      .fn<() => Promise<Answer>>()
      .mockImplementationOnce(() => new Promise((resolve) => (release = resolve)))
      .mockResolvedValue(done);
    const engine = new SyncEngine({
      api: { pull },
      store: memoryStore(),
      platform: fakePlatform(),
      lockName: 'test',
      onUnauthenticated: vi.fn(),
    });
    const first = engine.start();
    await settle();
    const second = engine.requestSync('manual');
    const third = engine.requestSync('manual');
    expect(pull).toHaveBeenCalledTimes(1);

    release(done);
    await Promise.all([first, second, third]);
    expect(pull).toHaveBeenCalledTimes(2);
  });

  it('reports a failure of local storage as LOCAL_ERROR and retries later', async () => {
    const platform = fakePlatform();
    const store = memoryStore();
    store.applyPage = () => Promise.reject(new Error('QuotaExceededError'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const engine = new SyncEngine({
      api: { pull: () => Promise.resolve(done) },
      store,
      platform,
      lockName: 'test',
      onUnauthenticated: vi.fn(),
    });
    await engine.start();

    expect(engine.getSnapshot()).toMatchObject({ phase: 'error', errorCode: 'LOCAL_ERROR' });
    expect(platform.clock.pendingDelays()).toHaveLength(1);
  });
});
