import { handoverRecordNumber } from '../domain/capture/captureRules';
import type { DraftIssue } from '../domain/capture/draftIssues';
import { failureDraftToArgs } from '../domain/capture/failureValidation';
import type { GpsFix } from '../domain/map/geo';
import { normalizeMeterSerial, normalizePhone } from '../domain/capture/identifiers';
import { completionPhotoIds } from '../domain/capture/photos';
import { err, ok, type Result } from '../domain/protocol/result';
import { draftPhotoIds, newSwapDraft, type SwapDraft } from '../domain/capture/swapDraft';
import { swapDraftToArgs } from '../domain/capture/swapArgs';
import type { SwapContext } from '../domain/capture/swapValidation';
import { isoDayInVietnam } from '../domain/time/time';
import type { WorkOrder } from '../domain/workOrder/workOrder';
import type { RecordRow, UserDatabase } from './database';
import { deleteUnreferencedPhotos, loadSwapDraft, parseDraftRow, SWAP_DRAFT_KIND, swapDraftId } from './drafts';
import { enqueueMutation, type CommandDeps } from './outbox';
import { readHeldStock } from './stockRead';

/**
 * "Bắt đầu": checks in at the work order. The new draft and the `workOrder.start` outbox row are
 * written in one transaction. Starting again while a draft exists just returns it (a double tap,
 * or a visit resumed after a reload, never queues a second start). A draft opened for a failed visit
 * without a start (openFailedVisit) is started now: its start is recorded, and the swap's steps open.
 */
export async function startVisit(db: UserDatabase, input: { workOrder: WorkOrder; gps?: GpsFix | undefined }, deps: CommandDeps): Promise<SwapDraft> {
  const { workOrder, gps } = input;
  return db.transaction('rw', [db.drafts, db.outbox, db.meta, db.records], async () => {
    const id = swapDraftId(workOrder.id);
    const existing = parseDraftRow(await db.drafts.get(id));
    if (existing?.started === true) return existing;
    const at = new Date(deps.now()).toISOString();
    const draft =
      existing === null
        ? await newDraft(db, { workOrder, gps, at, started: true }, deps)
        : { ...existing, started: true, startedAt: at, startGps: gps ?? existing.startGps, failure: { ...existing.failure, active: false } };
    await enqueueMutation(
      db,
      'workOrder.start',
      gps === undefined ? { workOrderId: workOrder.id, at } : { workOrderId: workOrder.id, at, gps },
      deps,
    );
    await db.drafts.put({ id, workOrderId: workOrder.id, kind: SWAP_DRAFT_KIND, data: draft, updatedAt: deps.now() });
    return draft;
  });
}

/**
 * "Không thực hiện được" straight from the work order: opens the failed-visit form on a draft WITHOUT recording a
 * start (nothing was started on site; the record the server gets is the `visit.fail` alone, through the outbox like
 * any record). A draft that exists (a started swap, or this form opened before) is reused with the form open.
 * Nothing is queued until the failed visit is recorded.
 */
export async function openFailedVisit(db: UserDatabase, input: { workOrder: WorkOrder }, deps: CommandDeps): Promise<SwapDraft> {
  const { workOrder } = input;
  return db.transaction('rw', [db.drafts, db.records], async () => {
    const id = swapDraftId(workOrder.id);
    const existing = parseDraftRow(await db.drafts.get(id));
    const at = new Date(deps.now()).toISOString();
    const base = existing ?? (await newDraft(db, { workOrder, gps: undefined, at, started: false }, deps));
    const draft = { ...base, failure: { ...base.failure, active: true } };
    await db.drafts.put({ id, workOrderId: workOrder.id, kind: SWAP_DRAFT_KIND, data: draft, updatedAt: deps.now() });
    return draft;
  });
}

/**
 * Leaves a failed-visit form opened from the work order (no start recorded). An untouched form leaves nothing
 * behind; one with anything entered (a reason, a note, a photo) stays as it is, to continue from the work order:
 * what was captured is never thrown away by a tap. A started visit's draft is never touched here.
 */
export async function closeUnstartedVisit(db: UserDatabase, workOrderId: string): Promise<void> {
  await db.transaction('rw', [db.drafts], async () => {
    const draft = await loadSwapDraft(db, workOrderId);
    if (draft === null || draft.started) return;
    const f = draft.failure;
    const touched = f.reason !== '' || f.note.trim() !== '' || f.gpsNote.trim() !== '' || f.called !== '' || f.photos.length > 0;
    if (!touched) await db.drafts.delete(swapDraftId(workOrderId));
  });
}

/** A fresh draft for the work order, its customer filled in as the signer and the last installation position remembered. */
async function newDraft(
  db: UserDatabase,
  input: { workOrder: WorkOrder; gps: GpsFix | undefined; at: string; started: boolean },
  deps: CommandDeps,
): Promise<SwapDraft> {
  const { workOrder } = input;
  // The installation position remembers the technician's last choice: a route's meters mostly hang alike.
  const swaps = await db.records.where('kind').equals('swap').sortBy('createdAt');
  const last = swaps.reverse().find((r) => r.kind === 'swap' && r.args.installed.position !== undefined);
  const fresh = newSwapDraft({
    workOrderId: workOrder.id,
    baseVersion: workOrder.version,
    completionId: deps.uuid(),
    visitId: deps.uuid(),
    started: input.started,
    startedAt: input.at,
    startGps: input.gps,
    position: last?.kind === 'swap' ? last.args.installed.position : undefined,
  });
  // The customer usually signs: their name and mobile number are filled in, to correct if someone else signs.
  const phone = workOrder.phone === null ? null : normalizePhone(workOrder.phone);
  return { ...fresh, handover: { ...fresh.handover, signerName: workOrder.customerName, signerPhone: phone ?? '' } };
}

export interface RecordInput {
  workOrder: WorkOrder;
  /** nhân viên treo tháo, printed on the handover record. */
  technicianName: string;
}

export type RecordResult = Result<RecordRow, DraftIssue[]>;

/** Draft photos the record does not keep (e.g. evidence for a failed visit that was then completed after all). */
function orphanedPhotos(draft: SwapDraft, kept: readonly string[]): string[] {
  return draftPhotoIds(draft).filter((id) => !kept.includes(id));
}

/**
 * Completes the swap: the draft becomes read-only. In ONE strict transaction: the `swap.complete`
 * outbox row (next seq), the local record (handover record), the draft removed. Validation runs on
 * the stored draft first (shared zod schema); when it fails nothing is written and the field errors
 * come back. Completing twice returns the record made the first time.
 */
export async function completeSwap(
  db: UserDatabase,
  input: RecordInput & Pick<SwapContext, 'installedSerialsUsedToday'>,
  deps: CommandDeps,
): Promise<RecordResult> {
  const { workOrder } = input;
  return db.transaction('rw', [db.drafts, db.outbox, db.meta, db.records, db.photos, db.photoBytes, db.stock, db.stockVoids], async () => {
    const draft = await loadSwapDraft(db, workOrder.id);
    if (draft === null) {
      const done = await db.records
        .where('workOrderId')
        .equals(workOrder.id)
        .filter((r) => r.kind === 'swap')
        .first();
      return done === undefined ? err([{ field: 'draft', code: 'invalid', level: 'error' }]) : ok(done);
    }
    const completedAt = new Date(deps.now()).toISOString();
    // The stock rule judges what the device holds now, in this transaction: a doubtful meter or seal needs its reason.
    const stock = await readHeldStock(db, workOrder.id);
    const today = isoDayInVietnam(new Date(completedAt));
    const result = swapDraftToArgs(draft, { workOrder, installedSerialsUsedToday: input.installedSerialsUsedToday, stock, today }, completedAt);
    if (!result.ok) return result;
    const args = result.value;
    const row = await enqueueMutation(db, 'swap.complete', args, deps);
    const record: RecordRow = {
      kind: 'swap',
      id: args.completionId,
      workOrderId: workOrder.id,
      workOrder,
      technicianName: input.technicianName,
      seq: row.seq,
      day: isoDayInVietnam(new Date(completedAt)),
      createdAt: deps.now(),
      args,
      recordNo: handoverRecordNumber(args.completionId, completedAt),
      // Kept so a returned record reopens with its photo groups and signature strokes (src/local/amend.ts).
      draft,
    };
    await db.records.add(record);
    await db.drafts.delete(swapDraftId(workOrder.id));
    await deleteUnreferencedPhotos(db, orphanedPhotos(draft, completionPhotoIds(args)));
    return ok(record);
  });
}

/**
 * "Không thực hiện được": records the failed visit with its evidence, the same way as a swap
 * (`visit.fail` outbox row, local record, draft removed, in one transaction). The work order can be
 * started again later (a new visit).
 */
export async function recordFailedVisit(db: UserDatabase, input: RecordInput, deps: CommandDeps): Promise<RecordResult> {
  const { workOrder } = input;
  return db.transaction('rw', [db.drafts, db.outbox, db.meta, db.records, db.photos, db.photoBytes], async () => {
    const draft = await loadSwapDraft(db, workOrder.id);
    if (draft === null) return err([{ field: 'draft', code: 'invalid', level: 'error' }]);
    const at = new Date(deps.now()).toISOString();
    const result = failureDraftToArgs(draft, workOrder, at);
    if (!result.ok) return result;
    const args = result.value;
    const row = await enqueueMutation(db, 'visit.fail', args, deps);
    const record: RecordRow = {
      kind: 'failedVisit',
      id: args.visitId,
      workOrderId: workOrder.id,
      workOrder,
      technicianName: input.technicianName,
      seq: row.seq,
      day: isoDayInVietnam(new Date(at)),
      createdAt: deps.now(),
      args,
    };
    await db.records.add(record);
    await db.drafts.delete(swapDraftId(workOrder.id));
    await deleteUnreferencedPhotos(db, orphanedPhotos(draft, args.photoIds));
    return ok(record);
  });
}

/** Installed serials recorded on this device today, on other work orders (finished swaps and open drafts). */
export async function installedSerialsUsedToday(db: UserDatabase, today: string, exceptWorkOrderId: string): Promise<string[]> {
  return db.transaction('r', [db.records, db.drafts], async () => {
    const serials = new Set<string>();
    const records = await db.records.where('day').equals(today).toArray();
    for (const record of records) {
      if (record.kind === 'swap' && record.workOrderId !== exceptWorkOrderId) serials.add(record.args.installed.serial);
    }
    for (const row of await db.drafts.toArray()) {
      const draft = parseDraftRow(row);
      if (draft === null || draft.workOrderId === exceptWorkOrderId) continue;
      const serial = normalizeMeterSerial(draft.installed.serial);
      if (serial !== '') serials.add(serial);
    }
    return [...serials];
  });
}
