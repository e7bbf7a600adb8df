import type { Cancel, Platform } from '../platform';
import type { ApiError } from './apiError';
import { backoffDelayMs } from './backoff';
import { uploadPendingPhotos, type PhotoQueueApi, type PhotoQueueStore } from './photoQueue';

export interface PhotoLoopDeps {
  api: PhotoQueueApi;
  store: PhotoQueueStore;
  platform: Pick<Platform, 'clock' | 'random' | 'locks'>;
  lockName: string;
  onInFlight: (photoIds: readonly string[]) => void;
  /** After every round: null when the queue drained, else the error it stopped on. */
  onRound: (error: ApiError | null) => void;
}

/**
 * The photo queue's own loop (design §5): it runs beside the push, never blocks it, and backs off on its own
 * (full jitter) when uploads fail for a transient reason. One uploading tab per device (its own Web Lock).
 */
export class PhotoLoop {
  private running: Promise<void> | null = null;
  private rerun = false;
  private failures = 0;
  private cancelRetry: Cancel | null = null;
  private stopped = false;

  constructor(private readonly deps: PhotoLoopDeps) {}

  /** Uploads now (or once more after the round in flight). `fresh` forgets earlier failures (button, online). */
  request(fresh = false): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (fresh) this.failures = 0;
    if (this.running !== null) {
      this.rerun = true;
      return this.running;
    }
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Whether a backoff retry is scheduled (the periodic trigger leaves it alone). */
  backingOff(): boolean {
    return this.cancelRetry !== null;
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry?.();
    this.cancelRetry = null;
  }

  private async loop(): Promise<void> {
    let error: ApiError | null;
    do {
      this.rerun = false;
      error = await this.round();
    } while (error === null && this.wantsRerun());
  }

  /** Read through a method: `rerun` changes across awaits. */
  private wantsRerun(): boolean {
    return this.rerun && !this.stopped;
  }

  private async round(): Promise<ApiError | null> {
    const { clock, locks, random } = this.deps.platform;
    let error: ApiError | null;
    try {
      const result = await locks.withLock(this.deps.lockName, () =>
        uploadPendingPhotos({ api: this.deps.api, store: this.deps.store, now: () => clock.now(), onInFlight: this.deps.onInFlight }),
      );
      error = result.ok ? null : result.error;
    } catch (thrown) {
      console.error('photo upload round failed', thrown);
      error = { code: 'LOCAL_ERROR', status: null, retryable: true };
    }
    if (this.stopped) return error;
    if (error === null) {
      this.failures = 0;
    } else if (error.retryable) {
      this.failures += 1;
      const delay = Math.max(backoffDelayMs(this.failures, random.next()), error.retryAfterMs ?? 0);
      this.cancelRetry = clock.schedule(() => {
        this.cancelRetry = null;
        void this.request();
      }, delay);
    }
    this.deps.onRound(error);
    return error;
  }
}
