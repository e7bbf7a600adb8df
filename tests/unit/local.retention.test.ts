import { afterEach, describe, expect, it } from 'vitest';
import { needsSendingToday, RETENTION_MS } from '../../src/domain/protocol/outboxRules';
import type { UserDatabase } from '../../src/local';
import { outboxTable } from '../../src/local/outboxStore';
import { photosTable } from '../../src/local/photoQueueStore';
import { reclaimRetained } from '../../src/local/retention';
import { fakePhotoId, freshDatabase, NOW, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const DAY = 24 * 60 * 60 * 1000;

async function ack(db: UserDatabase, seq: number, at: number, status: 'acked' | 'rejected' = 'acked') {
  await outboxTable(db).update(seq, { status, ackedAt: at });
}

async function uploaded(db: UserDatabase, photoId: string, at: number) {
  await photosTable(db).update(photoId, { status: 'uploaded', uploadedAt: at });
}

describe('retention', () => {
  it('deletes an acked row and its uploaded photos 14 days after the ack, not a day earlier', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2, { photosEach: 1 });
    await ack(db, 1, NOW - RETENTION_MS - 1);
    await ack(db, 2, NOW - RETENTION_MS + DAY);
    await uploaded(db, fakePhotoId('s1p0'), NOW - RETENTION_MS - 1);
    await uploaded(db, fakePhotoId('s2p0'), NOW - RETENTION_MS - 1);

    expect(await reclaimRetained(db, NOW)).toEqual({ outboxRows: 1, photos: 1 });
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([2]);
    expect(await db.photos.toCollection().primaryKeys()).toEqual([fakePhotoId('s2p0')]);
    // The bytes go with their row.
    expect(await db.photoBytes.toCollection().primaryKeys()).toEqual([fakePhotoId('s2p0')]);
  });

  it('never deletes pending or rejected rows, however old', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2, { photosEach: 1 });
    await ack(db, 2, NOW - 100 * DAY, 'rejected');
    await uploaded(db, fakePhotoId('s1p0'), NOW - 100 * DAY);
    await uploaded(db, fakePhotoId('s2p0'), NOW - 100 * DAY);

    expect(await reclaimRetained(db, NOW + 100 * DAY)).toEqual({ outboxRows: 0, photos: 0 });
    expect(await db.outbox.count()).toBe(2);
    // Both photos are referenced by a pending and a rejected mutation: kept.
    expect(await db.photos.count()).toBe(2);
  });

  it('keeps an old acked row while one of its photos is still not uploaded', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1, { photosEach: 1 });
    await ack(db, 1, NOW - 100 * DAY);

    expect(await reclaimRetained(db, NOW)).toEqual({ outboxRows: 0, photos: 0 });
  });

  it('keeps an old uploaded photo that a draft still references', async () => {
    const db = await freshDatabase(opened);
    const id = fakePhotoId('draft');
    await db.photos.add({ photoId: id, ownerId: 'wo', mime: 'image/jpeg', status: 'uploaded', createdAt: NOW });
    await db.photoBytes.add({ photoId: id, bytes: new ArrayBuffer(4) });
    await uploaded(db, id, NOW - 100 * DAY);
    await db.drafts.add({ id: 'swap:wo', workOrderId: 'wo', kind: 'swap', data: { removed: { photos: { meter: [id] } } }, updatedAt: NOW });

    expect(await reclaimRetained(db, NOW)).toEqual({ outboxRows: 0, photos: 0 });
  });
});

describe('month-end warning', () => {
  const at = (iso: string) => Date.parse(iso);

  it('warns from the 28th (Vietnam time) for records waiting more than 2 hours', () => {
    // 28/11 08:00 in Vietnam = 01:00 UTC.
    expect(needsSendingToday(at('2026-11-28T00:59:00Z') - 60_000, at('2026-11-28T03:00:00Z'))).toBe(true);
    expect(needsSendingToday(at('2026-11-28T01:30:00Z'), at('2026-11-28T03:00:00Z'))).toBe(false);
  });

  it('does not warn before the 28th, and counts the day in Asia/Ho_Chi_Minh, not UTC', () => {
    expect(needsSendingToday(at('2026-11-27T00:00:00Z'), at('2026-11-27T10:00:00Z'))).toBe(false);
    // 27/11 18:00 UTC is already 28/11 01:00 in Vietnam.
    expect(needsSendingToday(at('2026-11-27T12:00:00Z'), at('2026-11-27T18:00:00Z'))).toBe(true);
    expect(needsSendingToday(at('2026-02-28T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toBe(false);
  });
});
