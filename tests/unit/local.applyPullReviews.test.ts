import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import type { Change } from '../../src/domain/protocol/sync';
import { applyPull, openUserDatabase, userDatabaseName, type RecordRow, type UserDatabase } from '../../src/local';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { completionChange, completionView, returnedReview, reviewChange, sentArgs } from './support/returnFixtures';

const opened: UserDatabase[] = [];
const deps = { uuid: testUuid, now: () => Date.parse('2026-11-24T03:00:00Z') };

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function freshDb() {
  const db = await openUserDatabase(testUuid(), deps);
  opened.push(db);
  return db;
}

describe('pulling review decisions and completions', () => {
  it('mirrors a returned record: work order, review with the note, and the server completion', async () => {
    const db = await freshDb();
    const wo = makeWorkOrder({ status: 'returned', version: 3 });
    const review = returnedReview({ workOrderId: wo.id });
    const completion = completionView(sentArgs(wo.id));
    await applyPull(db, page([upsert(wo), reviewChange(review, 4), completionChange(completion, 5)]));

    expect(await db.workOrders.get(wo.id)).toEqual(wo);
    expect(await db.reviews.get(review.id)).toEqual({ ...review, version: 4 });
    expect(await db.completions.get(completion.id)).toEqual({ ...completion, version: 5 });
  });

  it('keeps the newer review when an older version arrives later, and a revoke deletes it', async () => {
    const db = await freshDb();
    const wo = makeWorkOrder();
    const review = returnedReview({ workOrderId: wo.id });
    const approved = { ...review, status: 'approved' as const, note: null };
    await applyPull(db, page([reviewChange(approved, 7)]));
    await applyPull(db, page([reviewChange(review, 6)]));
    expect((await db.reviews.get(review.id))?.status).toBe('approved');

    await applyPull(db, page([{ entity: 'review', op: 'revoke', id: review.id, version: 8 }]));
    expect(await db.reviews.get(review.id)).toBeUndefined();
  });

  it('skips an item whose data does not parse and applies the rest of the page', async () => {
    const db = await freshDb();
    const wo = makeWorkOrder();
    const good = returnedReview({ workOrderId: wo.id });
    // The wire is parsed at the API boundary; the store still guards against data that slipped past it.
    const bad = { entity: 'review', op: 'upsert', id: 'bad', version: 1, data: { id: 'bad', note: 3 } } as unknown as Change;
    await applyPull(db, page([bad, reviewChange(good)]));
    expect(await db.reviews.toCollection().primaryKeys()).toEqual([good.id]);
    expect((await db.meta.get('sync'))?.pullCursor).toBe('c1');
  });

  it('a reset clears the server mirrors only: drafts, records, outbox and photos stay', async () => {
    const db = await freshDb();
    const wo = makeWorkOrder();
    const completion = completionView(sentArgs(wo.id));
    await applyPull(db, page([upsert(wo), reviewChange(returnedReview({ workOrderId: wo.id })), completionChange(completion)]));
    await db.drafts.put({ id: `amend:${wo.id}`, workOrderId: wo.id, kind: 'amend', data: {}, updatedAt: 1 });
    await db.outbox.add({
      seq: 1,
      mutationId: testUuid(),
      name: 'workOrder.start',
      args: {},
      createdAt: '2026-11-24T03:00:00.000Z',
      status: 'pending',
    });
    await db.photos.add({ photoId: 'p', ownerId: wo.id, mime: 'image/jpeg', status: 'pending', createdAt: 1 });
    await db.photoBytes.add({ photoId: 'p', bytes: new ArrayBuffer(1) });
    const record: RecordRow = {
      kind: 'swap',
      id: completion.id,
      workOrderId: wo.id,
      workOrder: wo,
      technicianName: 'x',
      seq: 1,
      day: '2026-11-24',
      createdAt: 1,
      args: sentArgs(wo.id),
      recordNo: 'BB',
    };
    await db.records.add(record);

    const other = makeWorkOrder();
    await applyPull(db, page([upsert(other)], { reset: true, cursor: 'c9' }));

    expect(await db.workOrders.toCollection().primaryKeys()).toEqual([other.id]);
    expect(await db.reviews.count()).toBe(0);
    expect(await db.completions.count()).toBe(0);
    expect([
      await db.drafts.count(),
      await db.outbox.count(),
      await db.photos.count(),
      await db.photoBytes.count(),
      await db.records.count(),
    ]).toEqual([1, 1, 1, 1, 1]);
  });

  it('upgrades a version-2 database in place: records kept, mirror and upload tables added', async () => {
    const userId = testUuid();
    const v2 = new Dexie(userDatabaseName(userId));
    v2.version(1).stores({
      workOrders: 'id, status, plannedDate, routeOrder',
      meta: 'key',
      outbox: 'seq, &mutationId, status',
      drafts: 'id, workOrderId, updatedAt',
      photos: 'photoId, ownerId, status',
    });
    v2.version(2).stores({ records: 'id, workOrderId, kind, day' });
    await v2.open();
    await v2.table('records').add({ id: 'r1', workOrderId: 'w1', kind: 'swap', day: '2026-11-23' });
    v2.close();

    const db = await openUserDatabase(userId, deps);
    opened.push(db);
    // Through version 3 (review mirrors), 4 (photo upload bookkeeping apart from the bytes), 5 (the bytes in their own table), 6 (stock) and 7 (stock voids).
    expect(db.verno).toBe(7);
    expect(await db.records.toCollection().primaryKeys()).toEqual(['r1']);
    expect(await db.reviews.count()).toBe(0);
    expect(await db.completions.count()).toBe(0);
    expect(await db.photoSends.count()).toBe(0);
    expect(await db.photoBytes.count()).toBe(0);
  });
});
