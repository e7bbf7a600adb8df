import { handoverRecordNumber } from '../domain/capture/captureRules';
import type { DraftIssue } from '../domain/capture/draftIssues';
import type { CompletionAmendArgs } from '../domain/protocol/mutations';
import { photoIdsOf } from '../domain/protocol/outboxRules';
import { completionPhotoIds } from '../domain/capture/photos';
import { err, ok, type Result } from '../domain/protocol/result';
import { draftPhotoIds, SwapDraft } from '../domain/capture/swapDraft';
import { swapDraftToArgs } from '../domain/capture/swapArgs';
import type { SwapContext } from '../domain/capture/swapValidation';
import { isoDayInVietnam } from '../domain/time/time';
import type { WorkOrder } from '../domain/workOrder/workOrder';
import { AmendDraft, amendPatch, argsOfCompletion, patchSections, reopenedDraft, swapDraftFromArgs } from './amendDraft';
import type { AmendmentNote, DraftRow, RecordRow, UserDatabase } from './database';
import type { DraftChange, SaveDraftResult } from './drafts';
import { enqueueMutation, type CommandDeps } from './outbox';
import { addPhoto, deletePhotos } from './photoStore';
import {
  AMEND_DRAFT_KIND,
  amendDraftId,
  answersReturn,
  latestReturned,
  latestReturnedReview,
  localSwapRecord,
  rejectedOutboxSeqs,
  type SwapRecord,
} from './returns';

export { answersReturn, latestReturned, latestReturnedReview, localSwapRecord, rejectedOutboxSeqs };

/** A stored amendment draft, parsed: null when absent or unreadable (kept for support, not shown). */
export function parseAmendDraftRow(row: DraftRow | undefined): AmendDraft | null {
  if (row?.kind !== AMEND_DRAFT_KIND) return null;
  const parsed = AmendDraft.safeParse(row.data);
  return parsed.success ? parsed.data : null;
}

export async function loadAmendDraft(db: UserDatabase, workOrderId: string): Promise<AmendDraft | null> {
  return parseAmendDraftRow(await db.drafts.get(amendDraftId(workOrderId)));
}

export type StartAmendResult = Result<AmendDraft, 'no_record'>;

/**
 * "Sửa và gửi lại": opens an amendment draft prefilled from this device's own record (with its draft: photo
 * groups, signature strokes) or, when the device no longer has it, from the server's copy. Photos are kept by
 * id (those only on the server are not downloaded). Starting again returns the draft already open.
 */
export async function startAmend(db: UserDatabase, workOrder: WorkOrder, deps: CommandDeps): Promise<StartAmendResult> {
  return db.transaction('rw', [db.drafts, db.records, db.completions, db.reviews, db.outbox], async () => {
    const existing = await loadAmendDraft(db, workOrder.id);
    if (existing !== null) return ok(existing);
    const review = await latestReturnedReview(db, workOrder.id);
    const record = await localSwapRecord(db, workOrder.id);
    const startedAt = new Date(deps.now()).toISOString();
    const completions = await db.completions.where('workOrderId').equals(workOrder.id).toArray();
    const wanted =
      completions.find((c) => c.id === review?.completionId) ??
      completions
        .filter((c) => c.primary)
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
        .at(-1);
    const serverArgs = wanted === undefined ? null : argsOfCompletion(wanted);
    let amend: AmendDraft;
    if (record !== undefined) {
      const draft = record.draft === undefined ? swapDraftFromArgs(record.args, { visitId: deps.uuid(), startedAt }) : record.draft;
      // After a refused correction the device's record holds data the server never took: diff against the server's copy.
      const lastSeq = record.amendments?.at(-1)?.seq;
      const refused = lastSeq !== undefined && (await rejectedOutboxSeqs(db)).has(lastSeq);
      const original = refused && serverArgs !== null ? serverArgs : record.args;
      amend = { draft: reopenedDraft(draft), original, reviewId: review?.id ?? null, source: 'device', reason: '' };
    } else {
      const original = serverArgs;
      if (original === null) return err('no_record');
      const draft = swapDraftFromArgs(original, { visitId: deps.uuid(), startedAt });
      amend = { draft: reopenedDraft(draft), original, reviewId: review?.id ?? null, source: 'server', reason: '' };
    }
    const parsed = AmendDraft.parse(amend);
    await db.drafts.put({ id: amendDraftId(workOrder.id), workOrderId: workOrder.id, kind: AMEND_DRAFT_KIND, data: parsed, updatedAt: deps.now() });
    return ok(parsed);
  });
}

/** Every photo a stored draft references (swap or amendment), once each. */
function storedDraftPhotoIds(row: DraftRow): string[] {
  const amend = parseAmendDraftRow(row);
  if (amend !== null) return [...new Set([...draftPhotoIds(amend.draft), ...completionPhotoIds(amend.original)])];
  const swap = row.kind === 'swap' ? SwapDraft.safeParse(row.data) : null;
  return swap?.success === true ? draftPhotoIds(swap.data) : [];
}

function recordPhotoIds(record: RecordRow): string[] {
  return record.kind === 'swap' ? completionPhotoIds(record.args) : record.args.photoIds;
}

/**
 * Deletes the photos of `candidates` nothing references any more: no draft, no record, no outbox row (a sent
 * record's photo may still be waiting to upload), row and bytes. Inside a rw transaction over drafts, records, outbox,
 * photos, photoBytes.
 */
async function deletePhotosNoLongerUsed(db: UserDatabase, candidates: readonly string[]): Promise<void> {
  if (candidates.length === 0) return;
  const used = new Set<string>();
  for (const row of await db.drafts.toArray()) for (const id of storedDraftPhotoIds(row)) used.add(id);
  for (const record of await db.records.toArray()) for (const id of recordPhotoIds(record)) used.add(id);
  await db.outbox.each((row) => {
    for (const id of photoIdsOf(row.name, row.args)) used.add(id);
  });
  await deletePhotos(
    db,
    candidates.filter((id) => !used.has(id)),
  );
}

/**
 * Saves the edited capture draft of an amendment with the photos it gains and loses, in ONE transaction (the
 * same guarantees as `saveSwapDraft`); 'gone' when the amendment was finished or dropped meanwhile.
 */
export async function saveAmendDraft(db: UserDatabase, change: DraftChange, now: number): Promise<SaveDraftResult> {
  const { addPhotos = [], removePhotos = [] } = change;
  const draft = SwapDraft.parse(change.draft);
  return db.transaction('rw', [db.drafts, db.photos, db.photoBytes, db.records, db.outbox], async () => {
    const id = amendDraftId(draft.workOrderId);
    const stored = parseAmendDraftRow(await db.drafts.get(id));
    if (stored === null) return 'gone';
    await db.drafts.put({ id, workOrderId: draft.workOrderId, kind: AMEND_DRAFT_KIND, data: { ...stored, draft }, updatedAt: now });
    for (const photo of addPhotos) await addPhoto(db, photo, draft.workOrderId, now);
    await deletePhotosNoLongerUsed(db, removePhotos);
    return 'saved';
  });
}

/** Saves "Đã sửa gì" as it is typed. */
export async function saveAmendReason(db: UserDatabase, workOrderId: string, reason: string, now: number): Promise<SaveDraftResult> {
  return db.transaction('rw', db.drafts, async () => {
    const id = amendDraftId(workOrderId);
    const stored = parseAmendDraftRow(await db.drafts.get(id));
    if (stored === null) return 'gone';
    await db.drafts.put({ id, workOrderId, kind: AMEND_DRAFT_KIND, data: AmendDraft.parse({ ...stored, reason }), updatedAt: now });
    return 'saved';
  });
}

/** "Huỷ sửa": drops the amendment draft and the photos only it used; the record stays as it was sent. */
export async function cancelAmend(db: UserDatabase, workOrderId: string): Promise<void> {
  await db.transaction('rw', [db.drafts, db.photos, db.photoBytes, db.records, db.outbox], async () => {
    const row = await db.drafts.get(amendDraftId(workOrderId));
    if (row === undefined) return;
    await db.drafts.delete(row.id);
    await deletePhotosNoLongerUsed(db, storedDraftPhotoIds(row));
  });
}

/** Why an amendment could not be finished: fields to fix, nothing changed, no "Đã sửa gì", or no amendment open. */
export type AmendRefusal =
  { code: 'invalid'; issues: DraftIssue[] } | { code: 'nothing_changed' } | { code: 'reason_required' } | { code: 'no_draft' };

export interface FinishAmendInput extends Pick<SwapContext, 'installedSerialsUsedToday'> {
  workOrder: WorkOrder;
  /** nhân viên treo tháo, for a record rebuilt from the server's copy. */
  technicianName: string;
}

/**
 * "Gửi lại": in ONE strict transaction, the `completion.amend` outbox row (next seq) carrying only the sections
 * that changed, the local record updated to the amended data (the handover record prints it; the sent original
 * stays in its outbox row) with the amendment noted, and the amendment draft removed. Validation runs first on
 * the whole amended record with the capture rules; an empty patch or a missing reason writes nothing.
 */
export async function finishAmend(db: UserDatabase, input: FinishAmendInput, deps: CommandDeps): Promise<Result<SwapRecord, AmendRefusal>> {
  const { workOrder } = input;
  return db.transaction('rw', [db.drafts, db.outbox, db.meta, db.records, db.photos, db.photoBytes], async () => {
    const amend = await loadAmendDraft(db, workOrder.id);
    if (amend === null) return err({ code: 'no_draft' });
    const { original } = amend;
    const built = swapDraftToArgs(amend.draft, { workOrder, installedSerialsUsedToday: input.installedSerialsUsedToday }, original.completedAt);
    if (!built.ok) return err({ code: 'invalid', issues: built.error });
    // The amended record keeps its identity and the version it was made against.
    const amended = { ...built.value, completionId: original.completionId, workOrderId: original.workOrderId, baseVersion: original.baseVersion };
    const patch = amendPatch(original, amended);
    if (patchSections(patch).length === 0) return err({ code: 'nothing_changed' });
    const reason = amend.reason.trim();
    if (reason === '') return err({ code: 'reason_required' });
    const at = new Date(deps.now()).toISOString();
    const args: CompletionAmendArgs = { completionId: original.completionId, workOrderId: workOrder.id, patch, reason, at };
    const row = await enqueueMutation(db, 'completion.amend', args, deps);
    const note: AmendmentNote = { seq: row.seq, reviewId: amend.reviewId, reason, sections: patchSections(patch), at };
    const existing = await localSwapRecord(db, workOrder.id);
    const record: SwapRecord =
      existing !== undefined && existing.id === original.completionId
        ? { ...existing, args: amended, draft: amend.draft, amendments: [...(existing.amendments ?? []), note] }
        : {
            kind: 'swap',
            id: original.completionId,
            workOrderId: workOrder.id,
            workOrder,
            technicianName: input.technicianName,
            seq: row.seq,
            day: isoDayInVietnam(new Date(original.completedAt)),
            createdAt: deps.now(),
            args: amended,
            recordNo: handoverRecordNumber(original.completionId, original.completedAt),
            draft: amend.draft,
            amendments: [note],
          };
    await db.records.put(record);
    await db.drafts.delete(amendDraftId(workOrder.id));
    const dropped = draftPhotoIds(amend.draft).filter((id) => !completionPhotoIds(amended).includes(id));
    await deletePhotosNoLongerUsed(db, dropped);
    return ok(record);
  });
}
