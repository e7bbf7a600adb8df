import { afterEach, describe, expect, it } from 'vitest';
import {
  closeUnstartedVisit,
  completeSwap,
  installedSerialsUsedToday,
  openFailedVisit,
  recordFailedVisit,
  startVisit,
} from '../../src/local/capture';
import { loadSwapDraft, saveSwapDraft, swapDraftId } from '../../src/local/drafts';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import type { SwapDraft } from '../../src/domain/capture/swapDraft';
import { sha256Hex } from '../../src/platform/digest';
import { completeDraft, fixNear, photoId, SITE } from './support/captureFixtures';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';

const opened: UserDatabase[] = [];
let clock = Date.parse('2026-11-24T03:00:00Z');
const deps = { uuid: testUuid, now: () => clock };

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function setup() {
  const userId = testUuid();
  const db = await openUserDatabase(userId, deps);
  opened.push(db);
  const wo = makeWorkOrder({ ...SITE });
  await applyPull(db, page([upsert(wo)]));
  return { db, wo, userId };
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer;

/** Stores the photos a draft references (as the capture screen does) and the draft itself. */
async function saveWithPhotos(db: UserDatabase, draft: SwapDraft, ids: string[]) {
  return saveSwapDraft(db, { draft, addPhotos: ids.map((id) => ({ photoId: id, mime: 'image/jpeg', bytes: bytes(id) })) }, clock);
}

describe('starting a visit ("Bắt đầu")', () => {
  it('creates the draft and queues workOrder.start with seq 1 in one go', async () => {
    const { db, wo } = await setup();
    const draft = await startVisit(db, { workOrder: wo, gps: fixNear() }, deps);

    expect(await loadSwapDraft(db, wo.id)).toEqual(draft);
    expect(draft.startGps).toEqual(fixNear());
    expect(draft.handover.signerName).toBe(wo.customerName);
    expect(draft.handover.signerPhone).toBe('0912345678');
    const outbox = await db.outbox.toArray();
    expect(outbox).toEqual([
      expect.objectContaining({
        seq: 1,
        name: 'workOrder.start',
        status: 'pending',
        args: { workOrderId: wo.id, at: '2026-11-24T03:00:00.000Z', gps: fixNear() },
      }),
    ]);
    expect((await db.meta.get('sync'))?.nextSeq).toBe(2);
  });

  it('starting again resumes the same draft and queues nothing more', async () => {
    const { db, wo } = await setup();
    const first = await startVisit(db, { workOrder: wo }, deps);
    const again = await startVisit(db, { workOrder: wo }, deps);
    expect(again.completionId).toBe(first.completionId);
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('drafts', () => {
  it('survive closing and reopening the database (a killed tab) with their step and photos', async () => {
    const { db, wo, userId } = await setup();
    const started = await startVisit(db, { workOrder: wo }, deps);
    const edited = {
      ...started,
      step: 'installed' as const,
      removed: { ...started.removed, serial: '00123456', photos: { meter: [photoId('a1')], seals: [] } },
    };
    expect(await saveWithPhotos(db, edited, [photoId('a1')])).toBe('saved');
    db.close();

    const reopened = await openUserDatabase(userId, deps);
    opened.push(reopened);
    const restored = await loadSwapDraft(reopened, wo.id);
    expect(restored?.step).toBe('installed');
    expect(restored?.removed.serial).toBe('00123456');
    expect(restored?.removed.photos.meter).toEqual([photoId('a1')]);
    const photo = await reopened.photos.get(photoId('a1'));
    // The bytes in their own table, the small row apart (a status change must not rewrite them).
    const stored = await reopened.photoBytes.get(photoId('a1'));
    // An ArrayBuffer (not a Blob: WebKit loses Blobs in IndexedDB); compared by tag, jsdom and Node have different realms.
    expect(Object.prototype.toString.call(stored?.bytes)).toBe('[object ArrayBuffer]');
    expect(new TextDecoder().decode(stored?.bytes)).toBe(photoId('a1'));
    expect(photo).toEqual({ photoId: photoId('a1'), ownerId: wo.id, mime: 'image/jpeg', status: 'pending', createdAt: expect.any(Number) as number });
  });

  it('removing a photo from the draft deletes its bytes in the same transaction', async () => {
    const { db, wo } = await setup();
    const started = await startVisit(db, { workOrder: wo }, deps);
    const withPhoto = { ...started, removed: { ...started.removed, photos: { meter: [photoId('a1')], seals: [] } } };
    await saveWithPhotos(db, withPhoto, [photoId('a1')]);
    await saveSwapDraft(db, { draft: started, removePhotos: [photoId('a1')] }, clock);
    expect(await db.photos.count()).toBe(0);
    expect(await db.photoBytes.count()).toBe(0);
  });

  it('keeps the bytes of a removed photo that the draft still uses elsewhere', async () => {
    const { db, wo } = await setup();
    const started = await startVisit(db, { workOrder: wo }, deps);
    const twice = { ...started, removed: { ...started.removed, photos: { meter: [photoId('a1')], seals: [photoId('a1')] } } };
    await saveWithPhotos(db, twice, [photoId('a1')]);
    const once = { ...twice, removed: { ...twice.removed, photos: { meter: [photoId('a1')], seals: [] } } };
    await saveSwapDraft(db, { draft: once, removePhotos: [photoId('a1')] }, clock);
    expect(await db.photos.count()).toBe(1);
    expect(await db.photoBytes.count()).toBe(1);
  });

  it('a late save after completion does not bring the draft back', async () => {
    const { db, wo } = await setup();
    const started = await startVisit(db, { workOrder: wo }, deps);
    await db.drafts.delete(swapDraftId(wo.id));
    expect(await saveSwapDraft(db, { draft: started }, clock)).toBe('gone');
    expect(await db.drafts.count()).toBe(0);
  });
});

async function readyToComplete(db: UserDatabase, wo: ReturnType<typeof makeWorkOrder>) {
  const started = await startVisit(db, { workOrder: wo, gps: fixNear() }, deps);
  const full = completeDraft(wo);
  const draft: SwapDraft = { ...full, completionId: started.completionId, failure: started.failure, startedAt: started.startedAt };
  const ids = [photoId('a1'), photoId('a2'), photoId('b1'), photoId('b2'), photoId('b3'), photoId('c1')];
  await saveWithPhotos(db, draft, ids);
  return { draft, ids };
}

describe('completing a swap', () => {
  it('writes the outbox row (next seq), the read-only record and removes the draft, keeping the photos', async () => {
    const { db, wo } = await setup();
    const { draft, ids } = await readyToComplete(db, wo);
    clock += 60_000;
    const result = await completeSwap(db, { workOrder: wo, technicianName: 'Lê Văn Kỹ', installedSerialsUsedToday: [] }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.error));

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((r) => [r.seq, r.name])).toEqual([
      [1, 'workOrder.start'],
      [2, 'swap.complete'],
    ]);
    expect(outbox[1]?.args).toEqual(result.value.args);
    expect(result.value).toEqual(
      expect.objectContaining({ id: draft.completionId, kind: 'swap', seq: 2, day: '2026-11-24', technicianName: 'Lê Văn Kỹ' }),
    );
    expect(result.value.kind === 'swap' && result.value.recordNo).toMatch(/^BB-20261124-[0-9A-F]{8}$/);
    expect(await db.records.count()).toBe(1);
    expect(await db.drafts.count()).toBe(0);
    expect((await db.photos.toArray()).map((p) => p.photoId).sort()).toEqual([...ids].sort());
    expect((await db.photoBytes.toCollection().primaryKeys()).sort()).toEqual([...ids].sort());
    expect((await db.meta.get('sync'))?.nextSeq).toBe(3);
  });

  it('keeps seq contiguous across work orders and kinds of record', async () => {
    const { db, wo } = await setup();
    const other = makeWorkOrder({ ...SITE });
    await applyPull(db, page([upsert(other)]));
    await readyToComplete(db, wo);
    await startVisit(db, { workOrder: other, gps: fixNear() }, deps);
    const otherDraft = (await loadSwapDraft(db, other.id))!;
    await saveSwapDraft(db, { draft: { ...otherDraft, failure: { ...otherDraft.failure, active: true, reason: 'KV11' } } }, clock);
    await recordFailedVisit(db, { workOrder: other, technicianName: 'Lê Văn Kỹ' }, deps);
    await completeSwap(db, { workOrder: wo, technicianName: 'Lê Văn Kỹ', installedSerialsUsedToday: [] }, deps);
    expect((await db.outbox.orderBy('seq').toArray()).map((r) => `${r.seq}:${r.name}`)).toEqual([
      '1:workOrder.start',
      '2:workOrder.start',
      '3:visit.fail',
      '4:swap.complete',
    ]);
  });

  it('writes nothing when the draft does not validate, and says what to fix', async () => {
    const { db, wo } = await setup();
    const { draft } = await readyToComplete(db, wo);
    await saveSwapDraft(db, { draft: { ...draft, installed: { ...draft.installed, serial: '' } } }, clock);
    const result = await completeSwap(db, { workOrder: wo, technicianName: 'X', installedSerialsUsedToday: [] }, deps);

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((i) => i.field)).toEqual(['installed.serial']);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.records.count()).toBe(0);
    expect(await db.drafts.count()).toBe(1);
    expect((await db.meta.get('sync'))?.nextSeq).toBe(2);
  });

  it('rolls everything back when any write of the transaction fails', async () => {
    const { db, wo } = await setup();
    const { draft } = await readyToComplete(db, wo);
    // A record with the same id already exists: records.add fails after the outbox row was added.
    await db.records.add({
      kind: 'failedVisit',
      id: draft.completionId,
      workOrderId: testUuid(),
      workOrder: wo,
      technicianName: 'X',
      seq: 99,
      day: '2026-11-24',
      createdAt: 0,
      args: { visitId: draft.completionId, workOrderId: wo.id, reason: 'KV11', note: '', photoIds: [], at: '2026-11-24T03:00:00.000Z' },
    });
    await expect(completeSwap(db, { workOrder: wo, technicianName: 'X', installedSerialsUsedToday: [] }, deps)).rejects.toThrow();
    expect(await db.outbox.count()).toBe(1);
    expect(await db.drafts.count()).toBe(1);
    expect((await db.meta.get('sync'))?.nextSeq).toBe(2);
  });

  it('completing twice returns the first record and queues nothing more', async () => {
    const { db, wo } = await setup();
    await readyToComplete(db, wo);
    const first = await completeSwap(db, { workOrder: wo, technicianName: 'X', installedSerialsUsedToday: [] }, deps);
    const second = await completeSwap(db, { workOrder: wo, technicianName: 'X', installedSerialsUsedToday: [] }, deps);
    expect(second).toEqual(first);
    expect(await db.outbox.count()).toBe(2);
  });
});

describe('recording a failed visit', () => {
  it('queues visit.fail with its evidence, keeps only the evidence photos', async () => {
    const { db, wo } = await setup();
    const started = await startVisit(db, { workOrder: wo }, deps);
    const draft: SwapDraft = {
      ...started,
      removed: { ...started.removed, photos: { meter: [photoId('a1')], seals: [] } },
      failure: { ...started.failure, active: true, reason: 'KV01', called: 'no', photos: [photoId('e1')], fix: fixNear() },
    };
    await saveWithPhotos(db, draft, [photoId('a1'), photoId('e1')]);
    const result = await recordFailedVisit(db, { workOrder: wo, technicianName: 'X' }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.error));

    const row = await db.outbox.get(2);
    expect(row?.name).toBe('visit.fail');
    expect(row?.args).toEqual(
      expect.objectContaining({ reason: 'KV01', called: false, photoIds: [photoId('e1')], visitId: started.failure.visitId }),
    );
    expect((await db.photos.toArray()).map((p) => p.photoId)).toEqual([photoId('e1')]);
    expect(await db.photoBytes.toCollection().primaryKeys()).toEqual([photoId('e1')]);
    expect(await db.drafts.count()).toBe(0);
  });

  it('writes nothing without the evidence the reason requires', async () => {
    const { db, wo } = await setup();
    const started = await startVisit(db, { workOrder: wo }, deps);
    await saveSwapDraft(db, { draft: { ...started, failure: { ...started.failure, active: true, reason: 'KV03' } } }, clock);
    const result = await recordFailedVisit(db, { workOrder: wo, technicianName: 'X' }, deps);
    expect(result.ok).toBe(false);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.records.count()).toBe(0);
  });
});

describe('a failed visit straight from the work order (no "Bắt đầu")', () => {
  it('opens the form without queueing a start, and records the visit.fail alone as seq 1', async () => {
    const { db, wo } = await setup();
    const form = await openFailedVisit(db, { workOrder: wo }, deps);
    expect(form).toMatchObject({ started: false, failure: { active: true } });
    expect(await db.outbox.count()).toBe(0);

    await saveWithPhotos(db, { ...form, failure: { ...form.failure, reason: 'KV01', called: 'yes', photos: [photoId('e1')], fix: fixNear() } }, [
      photoId('e1'),
    ]);
    const result = await recordFailedVisit(db, { workOrder: wo, technicianName: 'X' }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect((await db.outbox.toArray()).map((r) => [r.seq, r.name])).toEqual([[1, 'visit.fail']]);
    expect(await db.drafts.count()).toBe(0);
  });

  it('refuses a visit recorded far from the site until the reason is given, as a swap does', async () => {
    const { db, wo } = await setup();
    const form = await openFailedVisit(db, { workOrder: wo }, deps);
    const far = fixNear({ lat: SITE.lat + 0.005855 });
    await saveSwapDraft(db, { draft: { ...form, failure: { ...form.failure, reason: 'KV11', fix: far } } }, clock);
    const refused = await recordFailedVisit(db, { workOrder: wo, technicianName: 'X' }, deps);
    expect(refused.ok ? [] : refused.error.map((i) => i.code)).toEqual(['gps_note_required']);
    expect(await db.outbox.count()).toBe(0);

    await saveSwapDraft(db, { draft: { ...form, failure: { ...form.failure, reason: 'KV11', fix: far, gpsNote: 'Đường vào bị ngập' } } }, clock);
    const kept = await recordFailedVisit(db, { workOrder: wo, technicianName: 'X' }, deps);
    if (!kept.ok) throw new Error(JSON.stringify(kept.error));
    expect((await db.outbox.get(1))?.args).toMatchObject({ gps: far, gpsNote: 'Đường vào bị ngập' });
  });

  it('leaving an untouched form leaves nothing; leaving one with something entered keeps it to continue', async () => {
    const { db, wo } = await setup();
    await openFailedVisit(db, { workOrder: wo }, deps);
    await closeUnstartedVisit(db, wo.id);
    expect(await db.drafts.count()).toBe(0);

    const form = await openFailedVisit(db, { workOrder: wo }, deps);
    await saveSwapDraft(db, { draft: { ...form, failure: { ...form.failure, reason: 'KV02' } } }, clock);
    await closeUnstartedVisit(db, wo.id);
    expect((await loadSwapDraft(db, wo.id))?.failure.reason).toBe('KV02');
    expect(await db.outbox.count()).toBe(0);
  });

  it('"Bắt đầu" after it records the start then, once, and opens the swap on the same draft', async () => {
    const { db, wo } = await setup();
    const form = await openFailedVisit(db, { workOrder: wo }, deps);
    clock += 60_000;
    const started = await startVisit(db, { workOrder: wo, gps: fixNear() }, deps);
    expect(started).toMatchObject({ started: true, completionId: form.completionId, startGps: fixNear(), failure: { active: false } });
    expect(started.startedAt).toBe(new Date(clock).toISOString());
    await startVisit(db, { workOrder: wo }, deps);
    expect((await db.outbox.toArray()).map((r) => r.name)).toEqual(['workOrder.start']);
  });

  it('on a started visit, opens the form on the same draft and leaving it never removes the draft', async () => {
    const { db, wo } = await setup();
    const started = await startVisit(db, { workOrder: wo }, deps);
    const form = await openFailedVisit(db, { workOrder: wo }, deps);
    expect(form).toMatchObject({ started: true, completionId: started.completionId, failure: { active: true } });
    await closeUnstartedVisit(db, wo.id);
    expect(await loadSwapDraft(db, wo.id)).not.toBeNull();
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('installed serials used today', () => {
  it('lists completed swaps of today and other open drafts, never the work order itself', async () => {
    const { db, wo } = await setup();
    await readyToComplete(db, wo);
    await completeSwap(db, { workOrder: wo, technicianName: 'X', installedSerialsUsedToday: [] }, deps);
    const other = makeWorkOrder({ ...SITE });
    const otherDraft = await startVisit(db, { workOrder: other }, deps);
    await saveSwapDraft(db, { draft: { ...otherDraft, installed: { ...otherDraft.installed, serial: ' ps-77 ' } } }, clock);

    expect((await installedSerialsUsedToday(db, '2026-11-24', testUuid())).sort()).toEqual(['PS-2026/0001', 'PS-77']);
    expect(await installedSerialsUsedToday(db, '2026-11-24', other.id)).toEqual(['PS-2026/0001']);
    expect(await installedSerialsUsedToday(db, '2026-11-25', other.id)).toEqual([]);
  });
});

describe('photo ids', () => {
  it('are the lowercase hex SHA-256 of the stored bytes', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
