import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from './harness';

/*
 * The sweep of ended sign-in windows beside a burst of sign-ins (server/store/loginLimits.ts). A DELETE of many rows
 * locks them in scan order; a burst's `reserve` locks its buckets in key order: on PostgreSQL the two could wait for
 * each other (a deadlock, answered 503 in the middle of a burst right after a quiet spell ended every window). The
 * sweep skips the rows another statement holds, so the burst and the sweep always both finish.
 */

const BUCKETS = 40;
const ROUNDS = 15;
const key = (i: number) => `user:${String(i).padStart(3, '0')}`;

describe.each(backends)('sweeping ended sign-in windows during a burst (%s)', (backend) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.destroy());

  it('never deadlocks with the attempts being counted, and leaves every live window counted', async () => {
    const repo = database.store.loginLimits;
    for (let round = 0; round < ROUNDS; round++) {
      const start = round * 1_000_000;
      // Every bucket counted once, in a window that ends at `start + 10`: written from the last key to the first, so
      // a scan of the table meets them against the key order the attempts lock them in.
      for (let i = BUCKETS - 1; i >= 0; i--) await repo.reserve([{ key: key(i), windowMs: 10 }], start);
      const now = start + 20;
      // The sweep (everything ended) against attempts that each reserve two buckets, from both ends of the key order.
      const attempts = Array.from({ length: BUCKETS / 2 }, (_, i) =>
        repo.reserve(
          [
            { key: key(BUCKETS - 1 - i), windowMs: 1000 },
            { key: key(i), windowMs: 1000 },
          ],
          now,
        ),
      );
      const settled = await Promise.allSettled([repo.sweep(now), ...attempts, repo.sweep(now)]);
      const failures = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect(failures).toEqual([]);
      // Each bucket was reserved by exactly one attempt after its window ended: a new window holding that one.
      const states = await Promise.all(attempts);
      const pending = new Map(states.flat().map((s) => [s.key, s.pending]));
      expect(pending.size).toBe(BUCKETS);
      expect([...pending.values()].every((p) => p === 1)).toBe(true);
      await repo.sweep(now + 10_000);
    }
  });
});
