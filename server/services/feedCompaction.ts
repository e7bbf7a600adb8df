import type { Store } from '../store/store';
import type { Clock } from './clock';

/** Revokes removed per transaction: short, so a writer of the feed never waits long behind compaction. */
const REVOKES_PER_TRANSACTION = 5000;

/** Where compaction says what it did, or that it failed (the app's logger). */
export interface CompactionLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Compaction of the pull feed's old revokes (design §5). The feed keeps one row per (recipient, entity, id) as it is
 * written; what is left of history is the revokes, one for everything anyone ever lost. A revoke older than
 * `revokeDays` is needed only by a device that has not pulled since: they are removed, and such a device's cursor,
 * now before the feed's horizon, is answered with a full pull (reset), which costs what its technician owns.
 */
export function createFeedCompaction(store: Store, clock: Clock, options: { revokeDays: number }) {
  /** One pass: every revoke older than the retention, a batch per transaction. Answers how many went. */
  async function compactOnce(): Promise<number> {
    const before = new Date(clock.now().getTime() - options.revokeDays * 86_400_000).toISOString();
    let removed = 0;
    for (;;) {
      const batch = await store.transaction((tx) => tx.changes.pruneRevokes(before, REVOKES_PER_TRANSACTION));
      removed += batch;
      if (batch < REVOKES_PER_TRANSACTION) return removed;
    }
  }

  /**
   * Compacts `firstAfterMs` after the call, then every `everyMs`, until the returned stop, which waits for a pass
   * under way. A failed pass is logged and the next one tries again (a removed revoke is never needed back).
   */
  function start(log: CompactionLog, everyMs: number, firstAfterMs: number): () => Promise<void> {
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const schedule = (ms: number) => {
      timer = setTimeout(() => {
        running = compactOnce().then(
          (removed) => {
            if (removed > 0) log.info({ removed, revokeDays: options.revokeDays }, 'pull feed compacted: old revokes removed');
          },
          (error: unknown) => log.error({ err: error }, 'pull feed compaction failed; the next pass tries again'),
        );
        void running.then(() => {
          if (!stopped) schedule(everyMs);
        });
      }, ms);
      // A pending pass never keeps the process alive.
      timer.unref();
    };
    schedule(firstAfterMs);
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    };
  }

  return { compactOnce, start };
}

export type FeedCompaction = ReturnType<typeof createFeedCompaction>;
