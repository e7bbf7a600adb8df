import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/domain/protocol/sync';
import { applyPull, openUserDatabase, readSyncMeta, type UserDatabase } from '../../src/local';
import { makeWorkOrder, page, revoke, testUuid, upsert } from './support/fixtures';

const deps = { uuid: () => testUuid(), now: () => 1_700_000_000_000 };
const opened: UserDatabase[] = [];

async function freshDatabase(): Promise<UserDatabase> {
  const db = await openUserDatabase(testUuid(), deps);
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

describe('applyPull', () => {
  it('stores upserted work orders and the page cursor and lastSeq together', async () => {
    const db = await freshDatabase();
    const a = makeWorkOrder();
    const b = makeWorkOrder();
    await applyPull(db, page([upsert(a), upsert(b)], { cursor: 'after-b', lastSeq: 7 }));

    expect(await db.workOrders.count()).toBe(2);
    expect(await db.workOrders.get(a.id)).toEqual(a);
    const meta = await readSyncMeta(db);
    expect(meta.pullCursor).toBe('after-b');
    expect(meta.lastSeq).toBe(7);
  });

  it('replaces a work order with a newer version', async () => {
    const db = await freshDatabase();
    const v1 = makeWorkOrder({ version: 1, customerName: 'Trần Thị Old' });
    await applyPull(db, page([upsert(v1)]));
    await applyPull(db, page([upsert({ ...v1, version: 2, customerName: 'Trần Thị New' })]));

    expect((await db.workOrders.get(v1.id))?.customerName).toBe('Trần Thị New');
  });

  it('ignores an upsert older than the stored version', async () => {
    const db = await freshDatabase();
    const v3 = makeWorkOrder({ version: 3, status: 'in_progress' });
    await applyPull(db, page([upsert(v3)]));
    await applyPull(db, page([upsert({ ...v3, version: 2, status: 'assigned' })], { cursor: 'c2' }));

    const stored = await db.workOrders.get(v3.id);
    expect(stored?.version).toBe(3);
    expect(stored?.status).toBe('in_progress');
    expect((await readSyncMeta(db)).pullCursor).toBe('c2');
  });

  it('deletes a revoked work order (the technician lost access)', async () => {
    const db = await freshDatabase();
    const wo = makeWorkOrder();
    await applyPull(db, page([upsert(wo)]));
    await applyPull(db, page([revoke(wo.id, 2)]));

    expect(await db.workOrders.get(wo.id)).toBeUndefined();
  });

  it('applies changes of one page in order: upsert then revoke of the same id leaves nothing', async () => {
    const db = await freshDatabase();
    const wo = makeWorkOrder();
    await applyPull(db, page([upsert(wo), revoke(wo.id, 2)]));

    expect(await db.workOrders.count()).toBe(0);
  });

  it('on reset clears the server mirror but keeps the outbox, drafts and photos', async () => {
    const db = await freshDatabase();
    const stale = makeWorkOrder();
    await applyPull(db, page([upsert(stale)]));
    await db.outbox.add({
      seq: 1,
      mutationId: testUuid(),
      name: 'workOrder.start',
      args: { workOrderId: stale.id },
      createdAt: '2026-11-24T03:00:00.000Z',
      status: 'pending',
    });
    await db.drafts.add({ id: testUuid(), workOrderId: stale.id, kind: 'swap', data: {}, updatedAt: 1 });
    await db.photos.add({ photoId: 'ab'.repeat(32), ownerId: stale.id, mime: 'image/jpeg', status: 'pending', createdAt: 1 });
    await db.photoBytes.add({ photoId: 'ab'.repeat(32), bytes: new ArrayBuffer(4) });

    const fresh = makeWorkOrder();
    await applyPull(db, page([upsert(fresh)], { reset: true, cursor: 'from-scratch' }));

    expect((await db.workOrders.toArray()).map((w) => w.id)).toEqual([fresh.id]);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.drafts.count()).toBe(1);
    expect(await db.photos.count()).toBe(1);
    expect(await db.photoBytes.count()).toBe(1);
    expect((await readSyncMeta(db)).pullCursor).toBe('from-scratch');
  });

  it('skips a review whose data does not parse without failing the page', async () => {
    const db = await freshDatabase();
    const wo = makeWorkOrder();
    const partial = { entity: 'review', op: 'upsert', id: 'r1', version: 1, data: { code: 'WO_REASSIGNED' } } as unknown as Change;
    await applyPull(db, page([partial, upsert(wo)]));

    expect(await db.workOrders.count()).toBe(1);
    expect(await db.reviews.count()).toBe(0);
  });
});

describe('user database', () => {
  it('is created with a clientId and an empty pull state', async () => {
    const db = await freshDatabase();
    const meta = await readSyncMeta(db);

    expect(meta.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.pullCursor).toBeNull();
    expect(meta.lastPulledAt).toBeNull();
    expect(meta.nextSeq).toBe(1);
    expect(db.name).toBe(`meterswap-user-${db.userId}`);
  });

  it('keeps its clientId when opened again', async () => {
    const userId = testUuid();
    const first = await openUserDatabase(userId, deps);
    const clientId = (await readSyncMeta(first)).clientId;
    first.close();
    const again = await openUserDatabase(userId, deps);
    opened.push(again);

    expect((await readSyncMeta(again)).clientId).toBe(clientId);
  });
});
