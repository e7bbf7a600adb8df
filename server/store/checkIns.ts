import type { DeviceBacklogReport } from './records';

/**
 * A pull's note that an already bound client was seen, with the backlog its device reported (if it did). What a
 * supervisor's sync-backlog report shows; nothing in the pull's answer depends on it.
 */
export interface CheckIn {
  clientId: string;
  userId: string;
  /** When the client was seen (ISO). */
  seenAt: string;
  /** The device's report and when it was made; absent when the pull reported nothing (an older app). */
  report?: DeviceBacklogReport & { reportedAt: string };
}

/**
 * Check-ins written after the answer, not before it (issue 13 §7): on SQLite a pull that had to write first waited
 * at the write gate for a whole import publish (seconds), on PostgreSQL for its commit behind the import's log
 * writes, though the answer needs none of it. Queued, coalesced per client (the latest sighting, the latest report)
 * and written in one transaction per batch as soon as the database takes writes.
 */
export interface CheckInWriter {
  /**
   * Queues a check-in. Resolves once it is written (merged with any later one of the same client), rejects when
   * that write failed: the caller logs it, nothing is retried (the device's next pull checks in again).
   */
  record(checkIn: CheckIn): Promise<void>;
  /** Resolves once every check-in recorded before the call has been written or has failed (tests, shutdown). */
  settled(): Promise<void>;
}

interface Entry {
  checkIn: CheckIn;
  resolve: () => void;
  reject: (error: unknown) => void;
  promise: Promise<void>;
}

/** Later wins for the sighting and for the report; an older report stays when the later pull reported nothing. */
function merge(earlier: CheckIn, later: CheckIn): CheckIn {
  const seenAt = later.seenAt > earlier.seenAt ? later.seenAt : earlier.seenAt;
  const report = later.report ?? earlier.report;
  return { clientId: later.clientId, userId: later.userId, seenAt, ...(report === undefined ? {} : { report }) };
}

/**
 * `writeBatch` writes the check-ins of several clients at once (one transaction). At most one batch is in flight;
 * what arrives meanwhile waits for the next one, coalesced.
 */
export function createCheckInWriter(writeBatch: (checkIns: readonly CheckIn[]) => Promise<void>): CheckInWriter {
  let pending = new Map<string, Entry>();
  let draining: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (pending.size > 0) {
      const batch = [...pending.values()];
      pending = new Map();
      try {
        await writeBatch(batch.map((e) => e.checkIn));
        for (const e of batch) e.resolve();
      } catch (error) {
        for (const e of batch) e.reject(error);
      }
    }
  }

  function schedule(): void {
    if (draining !== null) return;
    // After the current turn of the event loop: the pull that recorded it sends its answer first.
    draining = new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => {
      draining = null;
      // Recorded between the last batch and this callback: nobody else would write it.
      if (pending.size > 0) schedule();
    });
  }

  return {
    record(checkIn) {
      const key = `${checkIn.clientId}\u0000${checkIn.userId}`;
      const queued = pending.get(key);
      if (queued !== undefined) {
        queued.checkIn = merge(queued.checkIn, checkIn);
        return queued.promise;
      }
      let resolve = (): void => undefined;
      let reject: (error: unknown) => void = () => undefined;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending.set(key, { checkIn, resolve, reject, promise });
      schedule();
      return promise;
    },
    async settled() {
      while (draining !== null) await draining;
    },
  };
}
