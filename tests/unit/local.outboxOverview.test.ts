import Dexie, { RangeSet } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordSendState } from '../../src/domain/protocol/outboxRules';
import type { UserDatabase } from '../../src/local';
import { OUTBOX_OVERVIEW_TABLES, readOutboxOverview, type OutboxOverview } from '../../src/local/outboxHooks';
import { applyPushResults } from '../../src/local/outboxStore';
import { photoQueueStoreFor } from '../../src/local/photoQueueStore';
import { exportOutboxRecord } from '../../src/local/recordExport';
import { watchThrottled } from '../../src/local/throttledWatch';
import { fakePhotoId, freshDatabase, NOW, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

describe('end-of-day overview', () => {
  it('says all sent only when every record AND every photo is acknowledged', async () => {
    const db = await freshDatabase(opened);
    const [row] = await queueVisits(db, 1, { photosEach: 2 });
    expect(await readOutboxOverview(db)).toMatchObject({ waiting: 3, allSent: false });

    await applyPushResults(db, [{ seq: row!.seq, mutationId: row!.mutationId, status: 'applied' }], NOW);
    const recordOnly = await readOutboxOverview(db);
    expect(recordOnly).toMatchObject({ waiting: 2, allSent: false });
    expect(recordSendState({ status: 'acked', inFlight: false, photos: { total: 2, uploaded: 0, failed: 0 } })).toBe('pending');

    const store = photoQueueStoreFor(db);
    await store.markUploaded([fakePhotoId('s1p0'), fakePhotoId('s1p1')], NOW);
    const done = await readOutboxOverview(db);
    expect(done).toMatchObject({ waiting: 0, allSent: true });
    expect(done.items[0]).toMatchObject({ status: 'acked', photosUploaded: 2 });
  });

  it('shows a rejected record as failed with its reason, still counted, and exports it with its photos', async () => {
    const db = await freshDatabase(opened);
    const [row] = await queueVisits(db, 1, { photosEach: 1 });
    await applyPushResults(db, [{ seq: 1, mutationId: row!.mutationId, status: 'rejected', error: { code: 'NOT_ASSIGNED', message: 'no' } }], NOW);
    const overview = await readOutboxOverview(db);

    expect(overview).toMatchObject({ allSent: false, items: [{ status: 'rejected', errorCode: 'NOT_ASSIGNED' }] });
    const file = await exportOutboxRecord(db, 1);
    const parsed = JSON.parse(file!.json) as { mutation: { seq: number; status: string }; photos: { photoId: string; base64: string }[] };
    expect(parsed.mutation).toMatchObject({ seq: 1, status: 'rejected' });
    expect(parsed.photos).toEqual([{ photoId: fakePhotoId('s1p0'), mime: 'image/jpeg', base64: '/9j/AQ==' }]);
  });
});

describe('the overview watch (throttled: a drain must not re-read the outbox once per photo)', () => {
  /** Timers that fire only when the test says. */
  function manualClock() {
    let now = 0;
    const timers: { at: number; run: () => void }[] = [];
    return {
      now: () => now,
      schedule: (run: () => void, delayMs: number) => {
        const timer = { at: now + delayMs, run };
        timers.push(timer);
        return () => timers.splice(timers.indexOf(timer), 1);
      },
      /** Moves time to `to` and runs the timers due by then. */
      advance(to: number) {
        now = to;
        for (const timer of timers.filter((t) => t.at <= now)) {
          timers.splice(timers.indexOf(timer), 1);
          timer.run();
        }
      },
      pending: () => timers.length,
    };
  }

  it('reads once for a burst of writes, after the last of them, and at once for a write after a quiet spell', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 30, { photosEach: 1 });
    const clock = manualClock();
    const seen: OutboxOverview[] = [];
    let reads = 0;
    const stop = watchThrottled({
      db,
      tables: OUTBOX_OVERVIEW_TABLES,
      read: () => {
        reads += 1;
        return readOutboxOverview(db);
      },
      onValue: (value) => seen.push(value),
      onError: (error) => {
        throw error;
      },
      minIntervalMs: 250,
      clock,
    });
    clock.advance(0);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ waiting: 60 });

    // 30 acknowledgements, one transaction each, inside the interval: no read until it has passed.
    const store = photoQueueStoreFor(db);
    for (let i = 1; i <= 30; i++) await store.markUploaded([fakePhotoId(`s${i}p0`)], NOW);
    expect(reads).toBe(1);
    expect(clock.pending()).toBe(1);
    clock.advance(250);
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(reads).toBe(2);
    expect(seen[1]).toMatchObject({ waiting: 30 });

    // Quiet for longer than the interval: the next write is read without waiting.
    clock.advance(10_000);
    const [first] = await db.outbox.toArray();
    await applyPushResults(db, [{ seq: first!.seq, mutationId: first!.mutationId, status: 'applied' }], NOW);
    expect(clock.pending()).toBe(1);
    clock.advance(10_000);
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen[2]).toMatchObject({ waiting: 29 });

    // Dexie's "anything may have changed" (another tab, the back-forward cache) is read too.
    Dexie.on('storagemutated').fire({ all: new RangeSet(-Infinity, [[]]) });
    expect(clock.pending()).toBe(1);
    clock.advance(20_000);
    await vi.waitFor(() => expect(seen).toHaveLength(4));

    // A table the overview does not read changes nothing; after stop, nothing is read.
    await db.records.clear();
    expect(clock.pending()).toBe(0);
    stop();
    await store.markUploaded([], NOW);
    await applyPushResults(db, [], NOW);
    const [second] = (await db.outbox.toArray()).slice(1);
    await applyPushResults(db, [{ seq: second!.seq, mutationId: second!.mutationId, status: 'applied' }], NOW);
    expect(clock.pending()).toBe(0);
    expect(reads).toBe(4);
  });
});
