import type { Cancel, Platform } from '../platform';
import type { ApiClient } from './api';
import { isClientOutdated, type ApiError } from './apiError';
import { backoffDelayMs } from './backoff';
import { NOT_REACHED_CODES } from './connectivity';
import type { PhotoQueueApi, PhotoQueueStore } from './photoQueue';
import { PhotoLoop } from './photoLoop';
import { pullAll, type PullStore } from './pull';
import { pushAll, type PushStore } from './push';
import { StatusStore, type SyncStatus } from './syncStatus';

export type SyncTrigger = 'start' | 'visible' | 'online' | 'manual' | 'retry' | 'write' | 'interval';

/** A local write (record, photo) is sent this long after it, so a burst of writes leaves in one push. */
export const WRITE_DEBOUNCE_MS = 2_000;
/** While something waits to be sent, the engine tries at least this often (a flaky `online` event is not enough). */
export const PENDING_INTERVAL_MS = 30_000;
/** Retention cleanup runs at start and then this often. */
export const RECLAIM_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Code for a failure of this device's own storage (IndexedDB quota, corruption). */
export const LOCAL_ERROR = 'LOCAL_ERROR';

export interface SyncEngineDeps {
  api: Pick<ApiClient, 'pull'>;
  store: PullStore & { getLastPulledAt(): Promise<number | null> };
  platform: Pick<Platform, 'clock' | 'random' | 'network' | 'visibility' | 'locks'>;
  /** Web Lock name: one syncing tab per device and user. */
  lockName: string;
  /** The server no longer knows the session: the app shows sign-in again and keeps the data. */
  onUnauthenticated: () => void;
  /** The outbox: pushed before every pull. */
  push?: { api: Pick<ApiClient, 'push'>; store: PushStore };
  /** The photo queue: its own loop, kicked after every push. */
  photos?: { api: PhotoQueueApi; store: PhotoQueueStore };
  /** Observes the count of unsent rows and photos (src/local's watchPendingWork): a rise means a local write. */
  watchPendingWork?: (listener: (pending: number) => void) => () => void;
  /** Deletes what retention allows (src/local's reclaimRetained). */
  reclaim?: (now: number) => Promise<unknown>;
}

type RunOutcome = { ok: true } | { ok: false; error: ApiError };

/**
 * Decides when to sync and reports how it went. Triggers: start, page visible, `online`,
 * the "Đồng bộ" button, and its own retries (full-jitter backoff) after a failure.
 * One run at a time per tab; a trigger during a run asks for one more run after it.
 */
export class SyncEngine {
  private readonly status: StatusStore<SyncStatus>;
  private running: Promise<void> | null = null;
  private rerunRequested = false;
  private failures = 0;
  private cancelRetry: Cancel | null = null;
  private detach: (() => void)[] = [];
  private started = false;
  private pendingWork: number | null = null;
  private lastTrigger: SyncTrigger = 'start';
  private cancelWriteTimer: Cancel | null = null;
  private readonly photoLoop: PhotoLoop | null;

  constructor(private readonly deps: SyncEngineDeps) {
    this.status = new StatusStore<SyncStatus>({
      phase: 'idle',
      errorCode: null,
      retryAfterMs: null,
      nextRetryAt: null,
      lastSyncedAt: null,
      pushingSeqs: [],
      uploadingPhotoIds: [],
      photoErrorCode: null,
      pendingWork: null,
      clientOutdated: false,
    });
    const photos = deps.photos;
    this.photoLoop =
      photos === undefined
        ? null
        : new PhotoLoop({
            api: photos.api,
            store: photos.store,
            platform: deps.platform,
            lockName: `${deps.lockName}:photos`,
            onInFlight: (ids) => this.update({ uploadingPhotoIds: ids }),
            onRound: (error) => this.photoRoundEnded(error),
          });
  }

  readonly subscribe = (listener: () => void): (() => void) => this.status.subscribe(listener);
  readonly getSnapshot = (): SyncStatus => this.status.getSnapshot();

  /** Attaches the triggers and syncs once (app start). */
  start(): Promise<void> {
    if (this.started) return Promise.resolve();
    this.started = true;
    const { network, visibility } = this.deps.platform;
    this.detach = [
      // Whether to show "online" is src/sync/connectivity.ts's job; here the browser's event is only a trigger.
      network.subscribe((online) => {
        if (online) {
          // Connectivity is back: forget earlier failures and try now rather than at the backoff time.
          this.failures = 0;
          void this.requestSync('online');
        }
      }),
      visibility.onVisible(() => void this.requestSync('visible')),
    ];
    if (this.deps.watchPendingWork) {
      this.detach.push(this.deps.watchPendingWork((pending) => this.pendingChanged(pending)));
      // Backoff after a failure keeps its own schedule; the interval only covers the quiet case.
      this.repeat(PENDING_INTERVAL_MS, () => {
        const { phase, nextRetryAt } = this.getSnapshot();
        // A refusal that needs a person (key reuse, another user's client) is not retried on a timer either.
        const stuck = phase === 'error' && nextRetryAt === null;
        if ((this.pendingWork ?? 0) > 0 && !stuck && this.cancelRetry === null && this.photoLoop?.backingOff() !== true)
          void this.requestSync('interval');
      });
    }
    const reclaim = this.deps.reclaim;
    if (reclaim) {
      const run = () => void reclaim(this.deps.platform.clock.now()).catch((error: unknown) => console.error('retention cleanup failed', error));
      run();
      this.repeat(RECLAIM_INTERVAL_MS, run);
    }
    void this.deps.store.getLastPulledAt().then((lastSyncedAt) => {
      if (this.getSnapshot().lastSyncedAt === null) this.update({ lastSyncedAt });
    });
    return this.requestSync('start');
  }

  /** Detaches every trigger and timer; a run in flight finishes but reports nothing more. */
  stop(): void {
    this.started = false;
    for (const off of this.detach) off();
    this.detach = [];
    this.clearRetry();
    this.cancelWriteTimer?.();
    this.cancelWriteTimer = null;
    this.photoLoop?.stop();
  }

  /** Calls `tick` every `intervalMs` until stop() (the clock has one-shot timers only). */
  private repeat(intervalMs: number, tick: () => void): void {
    let cancel: Cancel = () => undefined;
    const arm = () => {
      cancel = this.deps.platform.clock.schedule(() => {
        if (!this.started) return;
        tick();
        arm();
      }, intervalMs);
    };
    arm();
    this.detach.push(() => cancel());
  }

  /** A rise in unsent work is a local write: sync WRITE_DEBOUNCE_MS later (one push for a burst of writes). */
  private pendingChanged(pending: number): void {
    const before = this.pendingWork;
    this.pendingWork = pending;
    this.update({ pendingWork: pending });
    if (before === null || pending <= before || this.cancelWriteTimer !== null) return;
    this.cancelWriteTimer = this.deps.platform.clock.schedule(() => {
      this.cancelWriteTimer = null;
      void this.requestSync('write');
    }, WRITE_DEBOUNCE_MS);
  }

  private photoRoundEnded(error: ApiError | null): void {
    if (!this.started) return;
    this.update({ photoErrorCode: error?.code ?? null });
    if (error?.code === 'UNAUTHENTICATED') this.failed(error);
  }

  /** Runs a sync now, or once more after the one in flight. Resolves when that run is over. */
  requestSync(trigger: SyncTrigger): Promise<void> {
    if (!this.started) return Promise.resolve();
    // Automatic triggers skip when the browser knows it is offline; the button always tries.
    if (trigger !== 'manual' && !this.deps.platform.network.isOnline()) return Promise.resolve();
    if (this.running !== null) {
      this.rerunRequested = true;
      return this.running;
    }
    this.clearRetry();
    this.lastTrigger = trigger;
    this.running = this.runUntilSettled().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runUntilSettled(): Promise<void> {
    let outcome: RunOutcome;
    do {
      this.rerunRequested = false;
      outcome = await this.runOnce();
    } while (outcome.ok && this.wantsAnotherRun());
  }

  /** A trigger arrived while the last run was in flight (read through a method: it changes across awaits). */
  private wantsAnotherRun(): boolean {
    return this.rerunRequested && this.started;
  }

  private async runOnce(): Promise<RunOutcome> {
    const { clock } = this.deps.platform;
    this.update({ phase: 'syncing' });
    // Photos start beside the push, not after it: the server keeps a photo before its record as well as after, and
    // on a slow link the push and pull round trips would otherwise leave the link idle (issue 14). A button press
    // or the network coming back forgets their backoff.
    const fresh = this.lastTrigger === 'manual' || this.lastTrigger === 'online';
    void this.photoLoop?.request(fresh);
    let outcome: RunOutcome;
    try {
      outcome = await this.deps.platform.locks.withLock(this.deps.lockName, () => this.pushThenPull());
    } catch (error) {
      // Not a network failure (those are values): the device's own storage failed. Say so and retry later.
      console.error('sync run failed', error);
      outcome = { ok: false, error: { code: LOCAL_ERROR, status: null, retryable: true } };
    }
    if (!this.started) return outcome;
    if (outcome.ok) this.succeeded(clock.now());
    else this.failed(outcome.error);
    // And once more after the run (a round in flight takes it as a rerun): the records may reference photos the
    // first round did not see. A refused push does not hold photos back (they are evidence on their own); a lost
    // session does.
    const sessionLost = !outcome.ok && outcome.error.code === 'UNAUTHENTICATED';
    if (!sessionLost) void this.photoLoop?.request(fresh);
    return outcome;
  }

  /** Push until the outbox is empty, then pull until `hasMore` is false (pull after push, design §5). */
  private async pushThenPull(): Promise<RunOutcome> {
    const { clock } = this.deps.platform;
    let pushError: ApiError | null = null;
    const push = this.deps.push;
    if (push) {
      const pushed = await pushAll({
        api: push.api,
        store: push.store,
        now: () => clock.now(),
        onInFlight: (seqs) => this.update({ pushingSeqs: seqs ?? [] }),
      });
      if (!pushed.ok) {
        // Transient trouble, a lost session or an outdated app: the pull would fail the same way. A permanent
        // refusal still pulls, so the day's work keeps arriving while the error stays on screen.
        if (pushed.error.retryable || pushed.error.code === 'UNAUTHENTICATED' || isClientOutdated(pushed.error))
          return { ok: false, error: pushed.error };
        pushError = pushed.error;
      }
    }
    const pulled = await pullAll({ api: this.deps.api, store: this.deps.store, now: () => clock.now() });
    if (!pulled.ok) return { ok: false, error: pulled.error };
    return pushError === null ? { ok: true } : { ok: false, error: pushError };
  }

  private succeeded(at: number): void {
    this.failures = 0;
    this.update({ phase: 'idle', errorCode: null, retryAfterMs: null, nextRetryAt: null, lastSyncedAt: at, clientOutdated: false });
  }

  private failed(error: ApiError): void {
    const retryAfterMs = error.retryAfterMs ?? null;
    if (error.code === 'UNAUTHENTICATED') {
      this.update({ phase: 'error', errorCode: error.code, retryAfterMs, nextRetryAt: null });
      this.stop();
      this.deps.onUnauthenticated();
      return;
    }
    this.failures += 1;
    let nextRetryAt: number | null = null;
    // CLIENT_OUTDATED is not retryable (catalogue): no timer; a write, the app coming back or the button tries again.
    if (error.retryable) {
      const delay = Math.max(backoffDelayMs(this.failures, this.deps.platform.random.next()), retryAfterMs ?? 0);
      nextRetryAt = this.deps.platform.clock.now() + delay;
      this.cancelRetry = this.deps.platform.clock.schedule(() => {
        this.cancelRetry = null;
        void this.requestSync('retry');
      }, delay);
    }
    // Any other server answer means the version was accepted; no answer (offline, local) leaves the flag as it was.
    const noAnswer = error.status === null || NOT_REACHED_CODES.has(error.code);
    const clientOutdated = isClientOutdated(error) || (noAnswer && this.getSnapshot().clientOutdated);
    this.update({ phase: 'error', errorCode: error.code, retryAfterMs, nextRetryAt, clientOutdated });
  }

  private clearRetry(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
  }

  /** Publishes a new snapshot only when something changed, so subscribers re-render only then. */
  private update(patch: Partial<SyncStatus>): void {
    const current = this.status.getSnapshot();
    const next = { ...current, ...patch };
    const changed = (Object.keys(next) as (keyof SyncStatus)[]).some((key) => !Object.is(next[key], current[key]));
    if (changed) this.status.set(next);
  }
}
