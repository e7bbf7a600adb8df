interface Waiter<R> {
  resolve: (result: R) => void;
  reject: (cause: unknown) => void;
}

interface Batch<T, R> {
  value: T;
  waiters: Waiter<R>[];
}

/**
 * Writes each submitted value at once, never two at a time: at most one write in flight and one waiting.
 * A value submitted while a write runs merges into the waiting one (by default the newer value wins), and
 * that write starts the moment the running one ends. No timer: a value submitted while nothing runs is on
 * its way to disk before `submit` returns, so an app killed right after the last keystroke loses nothing
 * that the storage had time to commit. Each submit settles with the write that carried its value.
 */
export class LatestWriter<T, R> {
  private running = false;
  private waiting: Batch<T, R> | null = null;
  private readonly listeners = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly write: (value: T) => Promise<R>,
    private readonly merge: (older: T, newer: T) => T = (_older, newer) => newer,
  ) {}

  submit(value: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiter = { resolve, reject };
      this.waiting =
        this.waiting === null
          ? { value, waiters: [waiter] }
          : { value: this.merge(this.waiting.value, value), waiters: [...this.waiting.waiters, waiter] };
      this.pump();
    });
  }

  /** A write is running or waiting (input not yet on disk). */
  readonly isBusy = (): boolean => this.running || this.waiting !== null;

  /** Calls `listener` when `isBusy()` may have changed (the shape useSyncExternalStore wants). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Resolves once everything submitted so far is written (or has failed). */
  idle(): Promise<void> {
    if (!this.isBusy()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    const batch = this.waiting;
    if (this.running || batch === null) return;
    this.waiting = null;
    this.running = true;
    this.notify();
    let started: Promise<R>;
    try {
      started = this.write(batch.value);
    } catch (cause) {
      started = Promise.reject(cause instanceof Error ? cause : new Error(String(cause)));
    }
    started
      .then(
        (result) => batch.waiters.forEach((w) => w.resolve(result)),
        (cause: unknown) => batch.waiters.forEach((w) => w.reject(cause)),
      )
      .finally(() => {
        this.running = false;
        this.pump();
        if (!this.isBusy()) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
          this.notify();
        }
      });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
