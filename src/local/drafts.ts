import { completionPhotoIds } from '../domain/capture/photos';
import { draftPhotoIds, SwapDraft } from '../domain/capture/swapDraft';
import { AMEND_DRAFT_KIND, AmendDraft } from './amendDraft';
import type { DraftRow, RecordRow, UserDatabase } from './database';
import { addPhoto, deletePhotos, type NewPhoto } from './photoStore';
import { parseStockVoidDraft } from './stockVoidDraft';

export type { NewPhoto };

export const SWAP_DRAFT_KIND = 'swap';

/** One swap draft per work order (the database is already per user). */
export function swapDraftId(workOrderId: string): string {
  return `${SWAP_DRAFT_KIND}:${workOrderId}`;
}

/** A stored draft, parsed: null when absent or unreadable (an unreadable one is kept for support, not shown). */
export function parseDraftRow(row: DraftRow | undefined): SwapDraft | null {
  if (row?.kind !== SWAP_DRAFT_KIND) return null;
  const parsed = SwapDraft.safeParse(row.data);
  return parsed.success ? parsed.data : null;
}

export async function loadSwapDraft(db: UserDatabase, workOrderId: string): Promise<SwapDraft | null> {
  return parseDraftRow(await db.drafts.get(swapDraftId(workOrderId)));
}

export interface DraftChange {
  draft: SwapDraft;
  /** Photos the new draft references for the first time. */
  addPhotos?: readonly NewPhoto[];
  /** Photos the new draft no longer references; their bytes go unless something else still uses them. */
  removePhotos?: readonly string[];
}

export type SaveDraftResult = 'saved' | 'gone';

function photoIdsOfRecord(record: RecordRow): string[] {
  if (record.kind === 'failedVisit') return record.args.photoIds;
  const { removed, installed, handover } = record.args;
  const ids = [...removed.photoIds, ...installed.photoIds, handover.signaturePhotoId];
  if (handover.technicianSignaturePhotoId !== undefined) ids.push(handover.technicianSignaturePhotoId);
  return ids;
}

/**
 * Deletes the photos (row and bytes) of `candidates` that no draft and no record references any more. Inside a rw
 * transaction over drafts, records, photos, photoBytes.
 */
export async function deleteUnreferencedPhotos(db: UserDatabase, candidates: readonly string[]): Promise<void> {
  if (candidates.length === 0) return;
  const referenced = new Set<string>();
  for (const row of await db.drafts.toArray()) {
    const draft = parseDraftRow(row);
    if (draft !== null) for (const id of draftPhotoIds(draft)) referenced.add(id);
    // An amendment draft (src/local/amend.ts) holds the record being corrected and its edits.
    const amend = row.kind === AMEND_DRAFT_KIND ? AmendDraft.safeParse(row.data) : null;
    if (amend?.success === true)
      for (const id of [...draftPhotoIds(amend.data.draft), ...completionPhotoIds(amend.data.original)]) referenced.add(id);
    // A stock void's form (src/local/stockVoid.ts): the same picture picked twice is one stored photo.
    for (const id of parseStockVoidDraft(row)?.photoIds ?? []) referenced.add(id);
  }
  for (const record of await db.records.toArray()) for (const id of photoIdsOfRecord(record)) referenced.add(id);
  await deletePhotos(
    db,
    candidates.filter((id) => !referenced.has(id)),
  );
}

/**
 * Saves the draft together with the photos it gains and loses, in ONE strict transaction: a photo's
 * bytes are never stored without the draft that points at them, nor a draft pointing at missing bytes.
 * Returns 'gone' (and writes nothing) when the draft no longer exists: the record was completed or
 * failed meanwhile, and a late save must not bring the draft back.
 */
export async function saveSwapDraft(db: UserDatabase, change: DraftChange, now: number): Promise<SaveDraftResult> {
  const { draft, addPhotos = [], removePhotos = [] } = change;
  const parsed = SwapDraft.parse(draft);
  return db.transaction('rw', [db.drafts, db.photos, db.photoBytes, db.records], async () => {
    const id = swapDraftId(parsed.workOrderId);
    if ((await db.drafts.get(id)) === undefined) return 'gone';
    await db.drafts.put({ id, workOrderId: parsed.workOrderId, kind: SWAP_DRAFT_KIND, data: parsed, updatedAt: now });
    for (const photo of addPhotos) await addPhoto(db, photo, parsed.workOrderId, now);
    await deleteUnreferencedPhotos(db, removePhotos);
    return 'saved';
  });
}

/**
 * Two saves folded into one (a save waiting behind a running one, src/local/latestWriter.ts): the newer
 * draft, and every photo either gained or lost. Safe because a save adds a photo only when its bytes are
 * missing and removes one only when no draft or record still references it, so an add followed by a
 * remove (or the reverse) ends as the newer draft says.
 */
export function mergeDraftChanges(older: DraftChange, newer: DraftChange): DraftChange {
  return {
    draft: newer.draft,
    addPhotos: [...(older.addPhotos ?? []), ...(newer.addPhotos ?? [])],
    removePhotos: [...(older.removePhotos ?? []), ...(newer.removePhotos ?? [])],
  };
}
