import { afterEach, describe, expect, it } from 'vitest';
import type { CompletionAmendArgs } from '../../src/domain/protocol/mutations';
import { photoIdsOf } from '../../src/domain/protocol/outboxRules';
import { cancelAmend, finishAmend, loadAmendDraft, saveAmendDraft, saveAmendReason, startAmend } from '../../src/local/amend';
import { amendPatch } from '../../src/local/amendDraft';
import { readReturnInfo } from '../../src/local/amendHooks';
import { readOutboxOverview } from '../../src/local/outboxHooks';
import { completeSwap, startVisit } from '../../src/local/capture';
import { saveSwapDraft } from '../../src/local/drafts';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import type { SwapDraft } from '../../src/domain/capture/swapDraft';
import { completeDraft, fixNear, photoId, SITE } from './support/captureFixtures';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { completionChange, completionView, returnedReview, reviewChange, sentArgs } from './support/returnFixtures';

const opened: UserDatabase[] = [];
let clock = Date.parse('2026-11-24T03:00:00Z');
const deps = { uuid: testUuid, now: () => clock };
const bytes = (text: string) => new TextEncoder().encode(text).buffer;

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function freshDb() {
  const db = await openUserDatabase(testUuid(), deps);
  opened.push(db);
  return db;
}

/** tech completes the swap on this device, then the supervisor returns it (pulled). */
async function completedThenReturned() {
  const db = await freshDb();
  const wo = makeWorkOrder({ ...SITE });
  await applyPull(db, page([upsert(wo)]));
  const started = await startVisit(db, { workOrder: wo, gps: fixNear() }, deps);
  const full = completeDraft(wo);
  const draft: SwapDraft = { ...full, completionId: started.completionId, failure: started.failure, startedAt: started.startedAt, step: 'cashless' };
  const ids = [photoId('a1'), photoId('a2'), photoId('b1'), photoId('b2'), photoId('b3'), photoId('c1')];
  await saveSwapDraft(db, { draft, addPhotos: ids.map((id) => ({ photoId: id, mime: 'image/jpeg', bytes: bytes(id) })) }, clock);
  const done = await completeSwap(db, { workOrder: wo, technicianName: 'Lê Văn Kỹ', installedSerialsUsedToday: [] }, deps);
  if (!done.ok) throw new Error(JSON.stringify(done.error));
  const returned = { ...wo, status: 'returned' as const, version: 3 };
  const review = returnedReview({ workOrderId: wo.id, completionId: draft.completionId });
  await applyPull(db, page([upsert(returned), reviewChange(review)], { cursor: 'c2' }));
  return { db, wo: returned, review, record: done.value };
}

const input = (wo: ReturnType<typeof makeWorkOrder>) => ({ workOrder: wo, technicianName: 'Lê Văn Kỹ', installedSerialsUsedToday: [] });

describe('amending a returned record', () => {
  it('prefills from the device record, from the first step, keeping photo groups and the signature', async () => {
    const { db, wo, review, record } = await completedThenReturned();
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    expect(started.value.source).toBe('device');
    expect(started.value.reviewId).toBe(review.id);
    expect(started.value.draft.step).toBe('removed');
    expect(started.value.draft.removed.photos).toEqual({ meter: [photoId('a1')], seals: [photoId('a2')] });
    expect(started.value.draft.handover.signature.strokes).toHaveLength(1);
    expect(started.value.original).toEqual(record.kind === 'swap' ? record.args : null);
    // Starting again returns the open amendment.
    const again = await startAmend(db, wo, deps);
    expect(again.ok && again.value).toEqual(started.value);
  });

  it('sends only the section that changed, updates the record and outbox in one go, and closes the return', async () => {
    const { db, wo, review } = await completedThenReturned();
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    const d = started.value.draft;
    const fixed: SwapDraft = {
      ...d,
      removed: {
        ...d.removed,
        readings: { ...d.removed.readings, total: '1310' },
        photos: { meter: [photoId('d1')], seals: d.removed.photos.seals },
      },
    };
    expect(
      await saveAmendDraft(
        db,
        { draft: fixed, addPhotos: [{ photoId: photoId('d1'), mime: 'image/jpeg', bytes: bytes('d1') }], removePhotos: [photoId('a1')] },
        clock,
      ),
    ).toBe('saved');
    await saveAmendReason(db, wo.id, '  Đọc lại chỉ số tháo, chụp lại ảnh  ', clock);
    clock += 60_000;

    const result = await finishAmend(db, input(wo), deps);
    if (!result.ok) throw new Error(JSON.stringify(result.error));

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((r) => [r.seq, r.name, r.status])).toEqual([
      [1, 'workOrder.start', 'pending'],
      [2, 'swap.complete', 'pending'],
      [3, 'completion.amend', 'pending'],
    ]);
    const args = outbox[2]?.args as CompletionAmendArgs;
    expect(Object.keys(args.patch)).toEqual(['removed']);
    expect(args.patch.removed?.readings).toEqual({ total: 1310 });
    expect(args.patch.removed?.photoIds).toEqual([photoId('d1'), photoId('a2')]);
    expect(args).toEqual(
      expect.objectContaining({
        completionId: result.value.id,
        workOrderId: wo.id,
        reason: 'Đọc lại chỉ số tháo, chụp lại ảnh',
        at: '2026-11-24T03:01:00.000Z',
      }),
    );
    // The new photo travels with the correction (the photo queue finds photos through the outbox).
    expect(photoIdsOf('completion.amend', args)).toEqual([photoId('d1'), photoId('a2')]);

    const stored = await db.records.get(result.value.id);
    expect(stored?.kind === 'swap' && stored.args.removed.readings.total).toBe(1310);
    expect(stored?.kind === 'swap' && stored.amendments).toEqual([
      { seq: 3, reviewId: review.id, reason: 'Đọc lại chỉ số tháo, chụp lại ảnh', sections: ['removed'], at: '2026-11-24T03:01:00.000Z' },
    ]);
    expect(await loadAmendDraft(db, wo.id)).toBeNull();
    // The replaced photo stays while the sent original (still in the outbox) references it.
    expect(await db.photos.get(photoId('a1'))).toBeDefined();
    expect(await readReturnInfo(db, wo.id)).toEqual(expect.objectContaining({ answered: true, amendmentStatus: 'pending' }));
    // The end-of-day view lists the correction like other records, with the photos it sends.
    const overview = await readOutboxOverview(db);
    expect(overview.items[0]).toEqual(
      expect.objectContaining({ seq: 3, name: 'completion.amend', status: 'pending', workOrderId: wo.id, photoIds: [photoId('d1'), photoId('a2')] }),
    );
  });

  it('refuses an empty patch and a missing reason, writing nothing', async () => {
    const { db, wo } = await completedThenReturned();
    await startAmend(db, wo, deps);
    await saveAmendReason(db, wo.id, 'Không sửa gì', clock);
    const before = await db.outbox.count();
    const empty = await finishAmend(db, input(wo), deps);
    expect(empty).toEqual({ ok: false, error: { code: 'nothing_changed' } });

    const open = await loadAmendDraft(db, wo.id);
    if (open === null) throw new Error('amendment draft gone');
    await saveAmendDraft(db, { draft: { ...open.draft, notes: 'Khách hẹn lắp lại hộp' } }, clock);
    await saveAmendReason(db, wo.id, '   ', clock);
    expect(await finishAmend(db, input(wo), deps)).toEqual({ ok: false, error: { code: 'reason_required' } });

    expect(await db.outbox.count()).toBe(before);
    expect((await db.meta.get('sync'))?.nextSeq).toBe(before + 1);
    expect(await loadAmendDraft(db, wo.id)).not.toBeNull();
    expect(await readReturnInfo(db, wo.id)).toEqual(expect.objectContaining({ answered: false, amendment: null }));
  });

  it('reports field errors of the amended record with the capture rules', async () => {
    const { db, wo } = await completedThenReturned();
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    const d = started.value.draft;
    await saveAmendDraft(db, { draft: { ...d, installed: { ...d.installed, serial: '' } } }, clock);
    await saveAmendReason(db, wo.id, 'Sửa số công tơ treo', clock);
    const result = await finishAmend(db, input(wo), deps);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code === 'invalid' && result.error.issues.map((i) => i.field)).toContain('installed.serial');
    expect(await db.outbox.filter((r) => r.name === 'completion.amend').count()).toBe(0);
  });

  it('without a device record, prefills from the server copy and rebuilds the record on finishing', async () => {
    const db = await freshDb();
    const wo = makeWorkOrder({ ...SITE, status: 'returned', version: 4 });
    const original = sentArgs(wo.id, { notes: 'Hộp công tơ cũ' });
    const completion = completionView(original);
    await applyPull(
      db,
      page([upsert(wo), reviewChange(returnedReview({ workOrderId: wo.id, completionId: completion.id })), completionChange(completion)]),
    );

    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    expect(started.value.source).toBe('server');
    expect(started.value.draft.removed.readings.total).toBe('1300.5');
    expect(started.value.draft.installed.seals).toEqual([expect.objectContaining({ code: 'NP-123', beads: '2' })]);

    // Unchanged, the rebuilt draft gives back exactly the server's args: nothing to send.
    await saveAmendReason(db, wo.id, 'Ghi chú', clock);
    expect(await finishAmend(db, input(wo), deps)).toEqual({ ok: false, error: { code: 'nothing_changed' } });

    const open = await loadAmendDraft(db, wo.id);
    if (open === null) throw new Error('amendment draft gone');
    await saveAmendDraft(db, { draft: { ...open.draft, notes: '' } }, clock);
    const result = await finishAmend(db, input(wo), deps);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const row = await db.outbox.get(1);
    expect((row?.args as CompletionAmendArgs).patch).toEqual({ notes: '' });
    expect(result.value).toEqual(expect.objectContaining({ id: completion.id, seq: 1, day: '2026-11-24', technicianName: 'Lê Văn Kỹ' }));
    expect(result.value.args.notes).toBeUndefined();
  });

  it('from the server copy, keeps the handover-record fields (position, year, remote read, TI/TU, seal codes, sealer)', async () => {
    const db = await freshDb();
    const wo = makeWorkOrder({ ...SITE, status: 'returned', version: 4 });
    const plain = sentArgs(wo.id);
    const original = {
      ...plain,
      removed: { ...plain.removed, sealCodes: ['OLD-1', 'OLD-2'] },
      installed: {
        ...plain.installed,
        position: 'pole' as const,
        poleBoxNo: 'Cột 12/3',
        manufactureYear: 2025,
        verificationDate: '2025-06-01',
        remoteRead: 'rf_mesh' as const,
      },
      handover: { ...plain.handover, sealerName: 'Phạm Văn Niêm' },
    };
    const completion = completionView(original);
    await applyPull(
      db,
      page([upsert(wo), reviewChange(returnedReview({ workOrderId: wo.id, completionId: completion.id })), completionChange(completion)]),
    );
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    expect(started.value.draft.installed.poleBoxNo).toBe('Cột 12/3');
    // Untouched, nothing is sent: a section rebuilt without these fields would erase them on the server.
    await saveAmendReason(db, wo.id, 'Không sửa gì', clock);
    expect(await finishAmend(db, input(wo), deps)).toEqual({ ok: false, error: { code: 'nothing_changed' } });
  });

  it('writes nothing when the transaction fails after the outbox row was added', async () => {
    const db = await freshDb();
    const wo = makeWorkOrder({ ...SITE, status: 'returned' });
    const completion = completionView(sentArgs(wo.id));
    await applyPull(db, page([upsert(wo), completionChange(completion)]));
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    await saveAmendDraft(db, { draft: { ...started.value.draft, notes: 'Đã hỏi lại khách' } }, clock);
    await saveAmendReason(db, wo.id, 'Thêm ghi chú', clock);

    // The third clock read (the rebuilt record's createdAt) comes after enqueueMutation: the failure must roll the row back.
    let reads = 0;
    const failing = {
      uuid: testUuid,
      now: () =>
        ++reads === 3
          ? (() => {
              throw new Error('disk full');
            })()
          : clock,
    };
    await expect(finishAmend(db, input(wo), failing)).rejects.toThrow('disk full');
    expect(await db.outbox.count()).toBe(0);
    expect((await db.meta.get('sync'))?.nextSeq).toBe(1);
    expect(await db.records.count()).toBe(0);
    expect(await loadAmendDraft(db, wo.id)).not.toBeNull();
  });

  it('a correction the server refused reopens the record, and the next one is computed against the server copy', async () => {
    const { db, wo, record } = await completedThenReturned();
    if (record.kind !== 'swap') throw new Error('not a swap');
    await applyPull(db, page([completionChange(completionView(record.args))], { cursor: 'c3' }));
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    await saveAmendDraft(db, { draft: { ...started.value.draft, notes: 'Lần sửa 1' } }, clock);
    await saveAmendReason(db, wo.id, 'Thêm ghi chú', clock);
    const first = await finishAmend(db, input(wo), deps);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect((await readReturnInfo(db, wo.id)).answered).toBe(true);

    await db.outbox.update(3, { status: 'rejected' });
    expect(await readReturnInfo(db, wo.id)).toEqual(expect.objectContaining({ answered: false, amendmentStatus: 'rejected' }));
    const again = await startAmend(db, wo, deps);
    if (!again.ok) throw new Error(again.error);
    expect(again.value.original).toEqual(record.args);
    expect(again.value.draft.notes).toBe('Lần sửa 1');
    await saveAmendReason(db, wo.id, 'Gửi lại ghi chú', clock);
    const second = await finishAmend(db, input(wo), deps);
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(((await db.outbox.get(4))?.args as CompletionAmendArgs).patch).toEqual({ notes: 'Lần sửa 1' });
  });

  it('cancelling drops the amendment and the photos only it took', async () => {
    const { db, wo } = await completedThenReturned();
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    const d = started.value.draft;
    const withNew = { ...d, installed: { ...d.installed, photos: { ...d.installed.photos, installation: [photoId('e1')] } } };
    await saveAmendDraft(db, { draft: withNew, addPhotos: [{ photoId: photoId('e1'), mime: 'image/jpeg', bytes: bytes('e1') }] }, clock);
    expect(await db.photos.get(photoId('e1'))).toBeDefined();
    expect(await db.photoBytes.get(photoId('e1'))).toBeDefined();
    await cancelAmend(db, wo.id);
    expect(await loadAmendDraft(db, wo.id)).toBeNull();
    expect(await db.photos.get(photoId('e1'))).toBeUndefined();
    expect(await db.photoBytes.get(photoId('e1'))).toBeUndefined();
    expect(await db.photos.get(photoId('b3'))).toBeDefined();
    expect(await db.photoBytes.get(photoId('b3'))).toBeDefined();
  });
});

describe('amendPatch', () => {
  const base = sentArgs(testUuid(), { gpsNote: 'Xa vì đứng ngoài ngõ' });
  it('is empty for the same record rebuilt in another key order', () => {
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(base).reverse()))) as typeof base;
    expect(amendPatch(base, reordered)).toEqual({});
  });
  it('carries each changed section whole and clears removed texts with an empty string', () => {
    const amended = { ...base, gpsNote: undefined, handover: { ...base.handover, signerName: 'Trần Thị Hoa' } };
    expect(amendPatch(base, amended)).toEqual({ gpsNote: '', handover: amended.handover });
  });
});
