import { afterEach, describe, expect, it } from 'vitest';
import type { SwapDraft } from '../../src/domain/capture/swapDraft';
import { photoIdsOf } from '../../src/domain/protocol/outboxRules';
import type { StockItem } from '../../src/domain/stock/stock';
import { applyPull, openUserDatabase, readHeldStock, readStockDay, type UserDatabase } from '../../src/local';
import { completeSwap, startVisit } from '../../src/local/capture';
import { saveSwapDraft } from '../../src/local/drafts';
import { readOutboxOverview } from '../../src/local/outboxHooks';
import { cancelStockVoid, openStockVoid, recordStockVoid, saveStockVoidDraft } from '../../src/local/stockVoid';
import { completeDraft, fixNear, photoId, SITE } from './support/captureFixtures';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';

const opened: UserDatabase[] = [];
let clock = Date.parse('2026-11-24T03:00:00Z');
const deps = { uuid: testUuid, now: () => clock };

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
  clock = Date.parse('2026-11-24T03:00:00Z');
});

const item = (kind: StockItem['kind'], code: string, over: Partial<StockItem> = {}): StockItem => ({
  id: testUuid(),
  kind,
  code,
  teamId: testUuid(),
  model: kind === 'meter' ? 'DDS26D-RF' : null,
  phases: kind === 'meter' ? 1 : null,
  manufactureYear: kind === 'meter' ? 2026 : null,
  verifiedOn: kind === 'meter' ? '2026-10-15' : null,
  verificationNo: null,
  remoteRead: null,
  sealKind: kind === 'seal' ? 'box' : null,
  lot: null,
  holder: { kind: 'technician', id: testUuid(), name: 'Nguyễn Văn Hùng' },
  since: '2026-11-20T03:00:00.000Z',
  pliersNumber: kind === 'seal' ? 'K-07' : null,
  ...over,
});
const stockChange = (i: StockItem) => ({ entity: 'stockItem' as const, op: 'upsert' as const, id: i.id, version: 2, data: i });
const bytes = (text: string) => new TextEncoder().encode(text).buffer;

/** A work order and the technician's stock: meter PS-2026/0001 (the complete draft's), seals NP-123 and NP-124. */
async function setup() {
  const db = await openUserDatabase(testUuid(), deps);
  opened.push(db);
  const wo = makeWorkOrder({ ...SITE, phases: 1 });
  await applyPull(db, page([upsert(wo), ...[item('meter', 'PS-2026/0001'), item('seal', 'NP-123'), item('seal', 'NP-124')].map(stockChange)]));
  return { db, wo };
}

async function readyToComplete(db: UserDatabase, wo: ReturnType<typeof makeWorkOrder>, change: (d: SwapDraft) => SwapDraft = (d) => d) {
  const started = await startVisit(db, { workOrder: wo, gps: fixNear() }, deps);
  const full = completeDraft(wo);
  const draft = change({ ...full, completionId: started.completionId, failure: started.failure, startedAt: started.startedAt });
  const ids = [photoId('a1'), photoId('a2'), photoId('b1'), photoId('b2'), photoId('b3'), photoId('c1')];
  await saveSwapDraft(db, { draft, addPhotos: ids.map((id) => ({ photoId: id, mime: 'image/jpeg', bytes: bytes(id) })) }, clock);
  return draft;
}

const complete = (db: UserDatabase, wo: ReturnType<typeof makeWorkOrder>) =>
  completeSwap(db, { workOrder: wo, technicianName: 'Lê Văn Kỹ', installedSerialsUsedToday: [] }, deps);

describe('completing a swap against the stock on the device (issue 16 §3)', () => {
  it('refuses a serial not held without a reason, and sends the reason and the bag label once given', async () => {
    const { db, wo } = await setup();
    await readyToComplete(db, wo, (d) => ({ ...d, installed: { ...d.installed, serial: 'ZZ-0009' }, removed: { ...d.removed, bagLabel: 'tui 07' } }));
    const refused = await complete(db, wo);
    expect(refused.ok ? [] : refused.error.map((i) => `${i.field}:${i.code}`)).toEqual(['installed.stockNote:stock_note_required']);
    expect((await db.outbox.toArray()).map((r) => r.name)).toEqual(['workOrder.start']);

    await readyToComplete(db, wo, (d) => ({
      ...d,
      installed: { ...d.installed, serial: 'ZZ-0009', stockNote: 'Giám sát giao thêm' },
      removed: { ...d.removed, bagLabel: 'tui 07' },
    }));
    const done = await complete(db, wo);
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    expect(done.value.kind === 'swap' && done.value.args.installed.stockNote).toBe('Giám sát giao thêm');
    expect(done.value.kind === 'swap' && done.value.args.removed.bagLabel).toBe('TUI07');
  });

  it('completes a held meter and seal without a reason; then they are no longer held for another work order', async () => {
    const { db, wo } = await setup();
    await readyToComplete(db, wo);
    const done = await complete(db, wo);
    expect(done.ok).toBe(true);
    const other = await readHeldStock(db, testUuid());
    expect(other?.meters.has('PS-2026/0001')).toBe(false);
    expect(other?.usedSeals.has('NP-123')).toBe(true);
    // The work order's own record does not count against it (reopening it, or a correction).
    expect((await readHeldStock(db, wo.id))?.meters.has('PS-2026/0001')).toBe(true);
  });
});

describe('"Báo hỏng / mất" (stock.void, issue 16 §4)', () => {
  it('keeps the form and its photos as a draft, then queues one stock.void with them and takes the seal off hand at once', async () => {
    const { db, wo } = await setup();
    const draft = await openStockVoid(db, { kind: 'seal', code: 'NP-124' }, deps);
    expect(await openStockVoid(db, { kind: 'seal', code: 'NP-124' }, deps)).toEqual(draft);

    // Not recordable yet: no reason, no photo; nothing written.
    const early = await recordStockVoid(db, { kind: 'seal', code: 'NP-124' }, deps);
    expect(early.ok ? [] : early.error.map((i) => `${i.field}:${i.code}`)).toEqual(['void.reason:required', 'void.photos:photo_required']);
    expect(await db.outbox.count()).toBe(0);

    const photo = photoId('c9');
    await saveStockVoidDraft(
      db,
      {
        draft: { ...draft, reason: 'broken', note: 'Đứt khi kẹp', photoIds: [photo], workOrderId: wo.id },
        addPhotos: [{ photoId: photo, mime: 'image/jpeg', bytes: bytes('v1') }],
      },
      clock,
    );
    expect(await db.photos.get(photo)).toMatchObject({ ownerId: draft.voidId, status: 'pending' });

    clock += 60_000;
    const result = await recordStockVoid(db, { kind: 'seal', code: 'NP-124' }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const outbox = await db.outbox.toArray();
    expect(outbox).toEqual([
      expect.objectContaining({
        seq: 1,
        name: 'stock.void',
        status: 'pending',
        args: {
          voidId: draft.voidId,
          kind: 'seal',
          code: 'NP-124',
          reason: 'broken',
          note: 'Đứt khi kẹp',
          photoIds: [photo],
          workOrderId: wo.id,
          at: '2026-11-24T03:01:00.000Z',
        },
      }),
    ]);
    // The photo queue finds the photo through the outbox; the outbox view names the seal.
    expect(photoIdsOf('stock.void', outbox[0]?.args)).toEqual([photo]);
    expect((await readOutboxOverview(db)).items).toEqual([
      expect.objectContaining({
        name: 'stock.void',
        stockItem: { kind: 'seal', code: 'NP-124' },
        workOrderId: wo.id,
        photoIds: [photo],
        photosUploaded: 0,
      }),
    ]);
    expect(result.value).toMatchObject({ id: draft.voidId, seq: 1, day: '2026-11-24' });
    expect(await db.drafts.count()).toBe(0);

    // Exactly once: recording again returns the same void and queues nothing.
    const again = await recordStockVoid(db, { kind: 'seal', code: 'NP-124' }, deps);
    expect(again.ok && again.value.id).toBe(draft.voidId);
    expect(await db.outbox.count()).toBe(1);

    // Off hand at once (the stock still lists it until the server moves it), and used for the stock rule.
    const day = await readStockDay(db, '2026-11-24');
    expect(day.issued.seals.map((s) => s.code)).toEqual(['NP-123', 'NP-124']);
    expect(day.onHand.seals.map((s) => s.code)).toEqual(['NP-123']);
    expect(day.voids.map((v) => [v.args.code, v.state])).toEqual([['NP-124', 'pending']]);
    const held = await readHeldStock(db, wo.id);
    expect(held?.usedSeals.has('NP-124')).toBe(true);
    expect(held?.voidedSeals?.has('NP-124')).toBe(true);

    // Sent once the server acknowledged it and the photo is uploaded.
    await db.outbox.update(1, { status: 'acked' });
    await db.photos.update(photo, { status: 'uploaded' });
    expect((await readStockDay(db, '2026-11-24')).voids.map((v) => v.state)).toEqual(['sent']);
    // An acknowledged void of an earlier day leaves the list; an unsent one stays.
    expect((await readStockDay(db, '2026-11-25')).voids).toEqual([]);
  });

  it('a meter voided leaves the meters on hand and is no longer held; a cancelled form leaves nothing behind', async () => {
    const { db } = await setup();
    const meterForm = await openStockVoid(db, { kind: 'meter', code: 'PS-2026/0001' }, deps);
    const photo = photoId('d1');
    await saveStockVoidDraft(
      db,
      { draft: { ...meterForm, reason: 'damaged', photoIds: [photo] }, addPhotos: [{ photoId: photo, mime: 'image/jpeg', bytes: bytes('m1') }] },
      clock,
    );
    expect((await recordStockVoid(db, { kind: 'meter', code: 'PS-2026/0001' }, deps)).ok).toBe(true);
    expect((await readStockDay(db, '2026-11-24')).onHand.meters).toEqual([]);
    expect((await readHeldStock(db, testUuid()))?.meters.size).toBe(0);

    const sealForm = await openStockVoid(db, { kind: 'seal', code: 'NP-123' }, deps);
    const lost = photoId('e1');
    await saveStockVoidDraft(
      db,
      { draft: { ...sealForm, photoIds: [lost] }, addPhotos: [{ photoId: lost, mime: 'image/jpeg', bytes: bytes('s1') }] },
      clock,
    );
    expect((await readStockDay(db, '2026-11-24')).voidDrafts).toEqual(new Set(['seal:NP-123']));
    await cancelStockVoid(db, 'seal', 'NP-123');
    expect(await db.drafts.count()).toBe(0);
    expect(await db.photos.get(lost)).toBeUndefined();
    expect(await db.photoBytes.get(lost)).toBeUndefined();
    // The recorded void's photo stays (the outbox row sends it).
    expect(await db.photos.get(photo)).toBeDefined();
    // A save after the cancel does not bring the form back.
    expect(await saveStockVoidDraft(db, { draft: sealForm }, clock)).toBe('gone');
  });
});

describe('removed meters to return (issue 16 §4)', () => {
  it("lists the pulled ones and this device's records the server has not acknowledged, with bag label, work order and since when", async () => {
    const { db, wo } = await setup();
    const pulledWo = makeWorkOrder({ ...SITE });
    await applyPull(
      db,
      page([
        upsert(pulledWo),
        stockChange(item('removed', 'OLD-0001', { label: 'TUI-01', workOrderId: pulledWo.id, since: '2026-11-20T03:00:00.000Z' })),
      ]),
    );
    await readyToComplete(db, wo, (d) => ({ ...d, removed: { ...d.removed, bagLabel: 'TUI-02' } }));
    expect((await complete(db, wo)).ok).toBe(true);
    const day = await readStockDay(db, '2026-11-24');
    expect(day.toReturn).toEqual([
      {
        serial: 'OLD-0001',
        label: 'TUI-01',
        workOrderId: pulledWo.id,
        workOrderCode: pulledWo.code,
        since: '2026-11-20T03:00:00.000Z',
        source: 'server',
      },
      { serial: wo.oldMeterSerial, label: 'TUI-02', workOrderId: wo.id, workOrderCode: wo.code, since: '2026-11-24T03:00:00.000Z', source: 'device' },
    ]);
    expect(day.installedToday).toEqual([{ serial: 'PS-2026/0001', seals: ['NP-123'], workOrderCode: wo.code, at: '2026-11-24T03:00:00.000Z' }]);
    expect(day.sealsUsedToday).toEqual(['NP-123']);
    expect(day.onHand.meters).toEqual([]);

    // Acknowledged: the server's list (pulled) is the word from then on.
    const swap = (await db.outbox.toArray()).find((r) => r.name === 'swap.complete');
    await db.outbox.update(swap?.seq ?? 0, { status: 'acked' });
    expect((await readStockDay(db, '2026-11-24')).toReturn.map((r) => r.serial)).toEqual(['OLD-0001']);
  });
});
