import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { openUserDatabase, userDatabaseName, type UserDatabase } from '../../src/local';
import { photoQueueStoreFor, photosTable } from '../../src/local/photoQueueStore';
import { fakePhotoId, NOW } from './support/outboxFixtures';
import { testUuid } from './support/fixtures';

const opened: UserDatabase[] = [];
const deps = { uuid: testUuid, now: () => NOW };

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** The schema as released up to version 4: the photo bytes on the photo row. */
function version4(userId: string): Dexie {
  const db = new Dexie(userDatabaseName(userId));
  db.version(1).stores({
    workOrders: 'id, status, plannedDate, routeOrder',
    meta: 'key',
    outbox: 'seq, &mutationId, status',
    drafts: 'id, workOrderId, updatedAt',
    photos: 'photoId, ownerId, status',
  });
  db.version(2).stores({ records: 'id, workOrderId, kind, day' });
  db.version(3).stores({ reviews: 'id, workOrderId', completions: 'id, workOrderId' });
  db.version(4).stores({ photoSends: 'photoId' });
  return db;
}

/** Distinct bytes per photo, of a size that differs too (so a mix-up cannot pass). */
function bytesOf(index: number): ArrayBuffer {
  return Uint8Array.from({ length: 100 + index }, (_, k) => (index * 31 + k) % 256).buffer;
}

const hex = (buffer: ArrayBuffer | undefined) => (buffer === undefined ? 'missing' : Buffer.from(buffer).toString('hex'));

describe('upgrading to version 5 (photo bytes apart from the photo row)', () => {
  it("moves every stored photo's bytes to photoBytes and keeps each row's status and bookkeeping", async () => {
    const userId = testUuid();
    const old = version4(userId);
    await old.open();
    // A device mid-campaign: more photos than one step of the upgrade moves, pending (some sent before, their
    // answer lost) and uploaded.
    const count = 47;
    const before = Array.from({ length: count }, (_, i) => {
      const row: Record<string, unknown> = {
        photoId: fakePhotoId(`p${i}`),
        ownerId: `wo${i % 5}`,
        mime: i % 7 === 0 ? 'image/png' : 'image/jpeg',
        bytes: bytesOf(i),
        status: i % 3 === 0 ? 'uploaded' : 'pending',
        createdAt: NOW + i,
      };
      if (i % 3 === 0) row.uploadedAt = NOW + 1000 + i;
      if (i % 3 === 1 && i % 2 === 0) row.sendingAt = NOW + 2000 + i;
      return row;
    });
    await old.table('photos').bulkAdd(before);
    await old.table('photoSends').add({ photoId: fakePhotoId('p2'), at: NOW + 5 });
    await old
      .table('meta')
      .add({ key: 'sync', clientId: 'client-1', userId, pullCursor: 'c', lastPulledAt: null, lastSeq: 0, nextSeq: 4, createdAt: NOW });
    old.close();

    const db = await openUserDatabase(userId, deps);
    opened.push(db);
    expect(db.verno).toBe(7);

    const rows = await photosTable(db).toArray();
    const stored = new Map((await db.photoBytes.toArray()).map((b) => [b.photoId, b.bytes]));
    expect(rows).toHaveLength(count);
    expect(stored.size).toBe(count);
    for (const original of before) {
      const { bytes, ...small } = original;
      const id = String(original.photoId);
      // The row keeps everything but the bytes, unchanged (status, uploadedAt, sendingAt included).
      expect(rows.find((r) => r.photoId === id)).toEqual(small);
      // The bytes are the same bytes, still an ArrayBuffer (compared by tag: realms differ).
      expect(Object.prototype.toString.call(stored.get(id))).toBe('[object ArrayBuffer]');
      expect(hex(stored.get(id))).toBe(hex(bytes as ArrayBuffer));
    }
    // Indexes still answer: the queue and the counts read status.
    expect(await db.photos.where('status').equals('pending').count()).toBe(before.filter((r) => r.status === 'pending').length);
    // The rest of the database is untouched.
    expect(await db.photoSends.get(fakePhotoId('p2'))).toEqual({ photoId: fakePhotoId('p2'), at: NOW + 5 });
    expect((await db.meta.get('sync'))?.clientId).toBe('client-1');
  });

  it("the photo queue sends a moved photo's bytes, asking first about one sent before", async () => {
    const userId = testUuid();
    const old = version4(userId);
    await old.open();
    const [sent, fresh] = [fakePhotoId('sent'), fakePhotoId('fresh')];
    await old.table('photos').bulkAdd([
      { photoId: sent, ownerId: 'wo', mime: 'image/jpeg', bytes: bytesOf(1), status: 'pending', createdAt: NOW, sendingAt: NOW + 1 },
      { photoId: fresh, ownerId: 'wo', mime: 'image/jpeg', bytes: bytesOf(2), status: 'pending', createdAt: NOW },
    ]);
    old.close();

    const db = await openUserDatabase(userId, deps);
    opened.push(db);
    const store = photoQueueStoreFor(db);
    const loadedSent = await store.loadPhoto(sent);
    const loadedFresh = await store.loadPhoto(fresh);
    expect(loadedSent).toEqual(expect.objectContaining({ photoId: sent, mime: 'image/jpeg', mayBeOnServer: true }));
    expect(hex(loadedSent?.bytes)).toBe(hex(bytesOf(1)));
    expect(loadedFresh).toEqual(expect.objectContaining({ photoId: fresh, mayBeOnServer: false }));
    expect(hex(loadedFresh?.bytes)).toBe(hex(bytesOf(2)));

    await store.markUploaded([sent, fresh], NOW + 10);
    expect(await photosTable(db).get(sent)).toEqual({
      photoId: sent,
      ownerId: 'wo',
      mime: 'image/jpeg',
      status: 'uploaded',
      createdAt: NOW,
      uploadedAt: NOW + 10,
    });
    expect(hex((await db.photoBytes.get(sent))?.bytes)).toBe(hex(bytesOf(1)));
  });
});
