import type { Cancel, Platform } from '../platform';
import type { ApiClient } from './api';
import type { ApiError } from './apiError';
import { backoffDelayMs } from './backoff';
import { pullAll, type PullStore } from './pull';
import { StatusStore, type SyncStatus } from './syncStatus';

export type SyncTrigger = 'start' | 'visible' | 'online' | 'manual' | 'retry';

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

  constructor(private readonly deps: SyncEngineDeps) {
    this.status = new StatusStore<SyncStatus>({
      phase: 'idle',
      errorCode: null,
      retryAfterMs: null,
      nextRetryAt: null,
      lastSyncedAt: null,
      online: deps.platform.network.isOnline(),
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
      network.subscribe((online) => {
        this.update({ online });
        if (online) {
          // Connectivity is back: forget earlier failures and try now rather than at the backoff time.
          this.failures = 0;
          void this.requestSync('online');
        }
      }),
      visibility.onVisible(() => void this.requestSync('visible')),
    ];
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
    let outcome: RunOutcome;
    try {
      const result = await this.deps.platform.locks.withLock(this.deps.lockName, () =>
        pullAll({ api: this.deps.api, store: this.deps.store, now: () => clock.now() }),
      );
      outcome = result.ok ? { ok: true } : { ok: false, error: result.error };
    } catch (error) {
      // Not a network failure (those are values): the device's own storage failed. Say so and retry later.
      console.error('sync run failed', error);
      outcome = { ok: false, error: { code: LOCAL_ERROR, status: null, retryable: true } };
    }
    if (!this.started) return outcome;
    if (outcome.ok) this.succeeded(clock.now());
    else this.failed(outcome.error);
    return outcome;
  }

  private succeeded(at: number): void {
    this.failures = 0;
    this.update({ phase: 'idle', errorCode: null, retryAfterMs: null, nextRetryAt: null, lastSyncedAt: at });
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
    if (error.retryable) {
      const delay = Math.max(backoffDelayMs(this.failures, this.deps.platform.random.next()), retryAfterMs ?? 0);
      nextRetryAt = this.deps.platform.clock.now() + delay;
      this.cancelRetry = this.deps.platform.clock.schedule(() => {
        this.cancelRetry = null;
        void this.requestSync('retry');
      }, delay);
    }
    this.update({ phase: 'error', errorCode: error.code, retryAfterMs, nextRetryAt });
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
