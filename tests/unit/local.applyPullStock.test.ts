import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import type { Change } from '../../src/domain/protocol/sync';
import type { StockItem } from '../../src/domain/stock/stock';
import { applyPull, openUserDatabase, userDatabaseName, type UserDatabase } from '../../src/local';
import { page, testUuid } from './support/fixtures';

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

const item = (code: string, over: Partial<StockItem> = {}): StockItem => ({
  id: testUuid(),
  kind: 'meter',
  code,
  teamId: testUuid(),
  model: 'DDS26D-RF',
  phases: 1,
  manufactureYear: 2026,
  verifiedOn: '2026-10-15',
  verificationNo: 'KD-1',
  remoteRead: 'rf_mesh',
  sealKind: null,
  lot: 'LO-1',
  holder: { kind: 'technician', id: testUuid(), name: 'Nguyễn Văn Hùng' },
  since: '2026-11-24T03:00:00.000Z',
  pliersNumber: null,
  ...over,
});
const upsert = (i: StockItem, version = 2): Change => ({ entity: 'stockItem', op: 'upsert', id: i.id, version, data: i });

describe("pulling the technician's stock (issue 16)", () => {
  it('mirrors issued items, drops returned ones, keeps the newer version, and a reset clears them', async () => {
    const db = await freshDb();
    const meter = item('DL0001');
    const seal = item('SA0001', {
      kind: 'seal',
      model: null,
      phases: null,
      manufactureYear: null,
      verifiedOn: null,
      sealKind: 'box',
      pliersNumber: 'K-7',
    });
    await applyPull(db, page([upsert(meter), upsert(seal)]));
    expect(await db.stock.get(meter.id)).toEqual({ ...meter, version: 2 });
    expect((await db.stock.where('code').equals('SA0001').first())?.pliersNumber).toBe('K-7');

    await applyPull(db, page([upsert({ ...meter, lot: 'OLD' }, 1)]));
    expect((await db.stock.get(meter.id))?.lot).toBe('LO-1');
    await applyPull(db, page([{ entity: 'stockItem', op: 'revoke', id: meter.id, version: 3 }]));
    expect(await db.stock.get(meter.id)).toBeUndefined();

    // An item whose data does not parse is skipped; the rest of the page applies.
    const bad = { entity: 'stockItem', op: 'upsert', id: 'bad', version: 1, data: { code: 3 } } as unknown as Change;
    await applyPull(db, page([bad]));
    expect(await db.stock.toCollection().primaryKeys()).toEqual([seal.id]);

    await applyPull(db, page([], { reset: true }));
    expect(await db.stock.count()).toBe(0);
  });

  it('upgrading from version 5 keeps the data and forgets the pull cursor, so the next pull is a full one that brings the stock', async () => {
    const userId = testUuid();
    const db = await openUserDatabase(userId, deps);
    await db.meta.update('sync', { pullCursor: 'old-cursor' });
    db.close();
    // Back to a version-5 file: the same tables, without `stock`.
    await Dexie.delete(userDatabaseName(userId));
    const old = new Dexie(userDatabaseName(userId));
    old.version(5).stores({
      workOrders: 'id, status, plannedDate, routeOrder',
      meta: 'key',
      outbox: 'seq, &mutationId, status',
      drafts: 'id, workOrderId, updatedAt',
      photos: 'photoId, ownerId, status',
      records: 'id, workOrderId, kind, day',
      reviews: 'id, workOrderId',
      completions: 'id, workOrderId',
      photoSends: 'photoId',
      photoBytes: 'photoId',
    });
    await old.open();
    await old
      .table('meta')
      .put({ key: 'sync', clientId: 'client-1', userId, pullCursor: 'old-cursor', lastPulledAt: null, lastSeq: 4, nextSeq: 5, createdAt: 0 });
    old.close();

    const upgraded = await openUserDatabase(userId, deps);
    opened.push(upgraded);
    expect(await upgraded.meta.get('sync')).toMatchObject({ clientId: 'client-1', pullCursor: null, lastSeq: 4, nextSeq: 5 });
    expect(await upgraded.stock.count()).toBe(0);
  });

  it('upgrading from version 6 keeps the stock, records and outbox, adds the void table and forgets the cursor (stock=2 brings the removed meters)', async () => {
    const userId = testUuid();
    const old = new Dexie(userDatabaseName(userId));
    old.version(6).stores({
      workOrders: 'id, status, plannedDate, routeOrder',
      meta: 'key',
      outbox: 'seq, &mutationId, status',
      drafts: 'id, workOrderId, updatedAt',
      photos: 'photoId, ownerId, status',
      records: 'id, workOrderId, kind, day',
      reviews: 'id, workOrderId',
      completions: 'id, workOrderId',
      photoSends: 'photoId',
      photoBytes: 'photoId',
      stock: 'id, code',
    });
    await old.open();
    const meter = item('DL0001');
    await old.table('stock').add({ ...meter, version: 2 });
    await old.table('records').add({ id: 'r1', workOrderId: 'w1', kind: 'swap', day: '2026-11-23' });
    await old.table('outbox').add({ seq: 4, mutationId: 'm4', name: 'visit.fail', args: {}, createdAt: '2026-11-23T03:00:00Z', status: 'pending' });
    await old
      .table('meta')
      .put({ key: 'sync', clientId: 'client-1', userId, pullCursor: 'stock-1-cursor', lastPulledAt: 5, lastSeq: 3, nextSeq: 5, createdAt: 0 });
    old.close();

    const upgraded = await openUserDatabase(userId, deps);
    opened.push(upgraded);
    expect(upgraded.verno).toBe(7);
    expect(await upgraded.meta.get('sync')).toMatchObject({ clientId: 'client-1', pullCursor: null, lastSeq: 3, nextSeq: 5 });
    expect(await upgraded.stock.get(meter.id)).toEqual({ ...meter, version: 2 });
    expect(await upgraded.records.toCollection().primaryKeys()).toEqual(['r1']);
    expect(await upgraded.outbox.toCollection().primaryKeys()).toEqual([4]);
    expect(await upgraded.stockVoids.count()).toBe(0);
  });

  it('mirrors the removed meters to bring back (stock=2) with their bag label and work order; rows without them still parse', async () => {
    const db = await freshDb();
    const workOrderId = testUuid();
    const removed = item('PS0099', {
      kind: 'removed',
      model: null,
      phases: null,
      manufactureYear: null,
      verifiedOn: null,
      verificationNo: null,
      remoteRead: null,
      lot: null,
      label: 'TUI-0007',
      workOrderId,
    });
    const older = item('DL0002');
    await applyPull(db, page([upsert(removed), upsert(older)]));
    expect(await db.stock.get(removed.id)).toMatchObject({ kind: 'removed', code: 'PS0099', label: 'TUI-0007', workOrderId });
    expect((await db.stock.get(older.id))?.label).toBeUndefined();
  });
});
