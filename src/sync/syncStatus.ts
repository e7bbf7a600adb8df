/** What the UI shows about sync; a new object on every change (useSyncExternalStore compares by identity). */
export interface SyncStatus {
  phase: 'idle' | 'syncing' | 'error';
  /** The last failure's code (catalogue, client or LOCAL_ERROR); null after a success. */
  errorCode: string | null;
  /** For RATE_LIMITED and UNAVAILABLE: how long the server asked us to wait. */
  retryAfterMs: number | null;
  /** When the engine will try again by itself (epoch ms), or null. */
  nextRetryAt: number | null;
  /** Last pull that ran to the end (epoch ms), or null. */
  lastSyncedAt: number | null;
  /** Outbox seqs of the push on the wire right now ("đang gửi"); empty when none. */
  pushingSeqs: readonly number[];
  /** Photos being uploaded right now. */
  uploadingPhotoIds: readonly string[];
  /** The photo queue's last failure (it backs off on its own); null after a round that drained it. */
  photoErrorCode: string | null;
  /** Outbox rows and photos not yet acknowledged, as last observed; null before the first count. */
  pendingWork: number | null;
  /**
   * The server refused this app's sync protocol (CLIENT_OUTDATED): the app must be updated. Stays true through
   * later failures that got no answer from the server (offline, timeout); cleared by its next other answer.
   */
  clientOutdated: boolean;
}

/** A tiny observable value: `subscribe` + `getSnapshot`, the shape useSyncExternalStore wants. */
export class StatusStore<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  readonly getSnapshot = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener();
  }
}
