import Dexie from 'dexie';

/** The fewest milliseconds between two reads of a throttled watch while its tables keep changing. */
export const WATCH_MIN_INTERVAL_MS = 250;

export interface ThrottledWatch<T> {
  /** The database whose tables are watched (this tab's writes and, through Dexie, other tabs'). */
  db: Dexie;
  tables: readonly string[];
  read: () => Promise<T>;
  onValue: (value: T) => void;
  onError: (error: unknown) => void;
  minIntervalMs?: number;
  /** Time and timers (tests pass their own); the page's by default. */
  clock?: WatchClock;
}

export interface WatchClock {
  now(): number;
  schedule(run: () => void, delayMs: number): () => void;
}

const pageClock: WatchClock = {
  now: () => performance.now(),
  schedule: (run, delayMs) => {
    const timer = setTimeout(run, delayMs);
    return () => clearTimeout(timer);
  },
};

/** Whether a Dexie change notice names one of `tables` of `dbName` (its keys are `idb://db/table/index`, or `all`). */
function touches(parts: Record<string, unknown>, dbName: string, tables: readonly string[]): boolean {
  // `all`: anything may have changed (a page back from the back-forward cache, a write that bypassed Dexie).
  if (Object.hasOwn(parts, 'all')) return true;
  const prefixes = tables.map((table) => `idb://${dbName}/${table}/`);
  return Object.keys(parts).some((key) => prefixes.some((prefix) => key.startsWith(prefix)));
}

/**
 * Reads `read()` now and again after its tables change, but never twice at once and at most once every
 * `minIntervalMs`: a burst of writes (a drain marking hundreds of photos uploaded, a pull storing a day's orders)
 * costs a few reads, not one per write, and the last read always comes after the last change. A query that reads
 * every outbox row would otherwise run once per acknowledged photo, and the drain's time would grow with the square
 * of the outbox (issue 14). A change is seen as soon as the last read is that old: a single write shows at once.
 * Returns the function that stops watching.
 */
export function watchThrottled<T>({
  db,
  tables,
  read,
  onValue,
  onError,
  minIntervalMs = WATCH_MIN_INTERVAL_MS,
  clock = pageClock,
}: ThrottledWatch<T>): () => void {
  let stopped = false;
  let running = false;
  let changed = true;
  // Read through a function: it changes while a read awaits, which narrowing would not see.
  const changedSinceRead = (): boolean => changed;
  let lastStart = -Infinity;
  let cancelTimer: (() => void) | null = null;

  const run = async (): Promise<void> => {
    running = true;
    changed = false;
    lastStart = clock.now();
    try {
      const value = await read();
      if (!stopped) onValue(value);
    } catch (error) {
      if (!stopped) onError(error);
    } finally {
      running = false;
      if (changedSinceRead()) schedule();
    }
  };

  function schedule(): void {
    if (stopped || running || cancelTimer !== null) return;
    const wait = Math.max(0, lastStart + minIntervalMs - clock.now());
    cancelTimer = clock.schedule(() => {
      cancelTimer = null;
      if (!stopped) void run();
    }, wait);
  }

  const onChange = (parts: Record<string, unknown>): void => {
    if (!touches(parts, db.name, tables)) return;
    changed = true;
    schedule();
  };
  Dexie.on('storagemutated', onChange);
  schedule();
  return () => {
    stopped = true;
    cancelTimer?.();
    Dexie.on('storagemutated').unsubscribe(onChange);
  };
}
