import type { DraftIssue } from '../domain/capture/draftIssues';
import { stockVoidDraftToArgs } from '../domain/capture/stockVoid';
import { StockVoidDraft } from '../domain/capture/stockVoidDraft';
import { err, ok, type Result } from '../domain/protocol/result';
import { isoDayInVietnam } from '../domain/time/time';
import type { StockVoidRow, UserDatabase } from './database';
import { enqueueMutation, type CommandDeps } from './outbox';
import { addPhoto, deletePhotos, type NewPhoto } from './photoStore';
import { parseStockVoidDraft, STOCK_VOID_DRAFT_KIND, stockVoidDraftId } from './stockVoidDraft';

/*
 * "Báo hỏng / mất" on the device (issue 16 §4): a draft per item while the technician gives the reason and takes the
 * photos (saved at every change, photos with it in one transaction, as a swap's draft), then the `stock.void` outbox
 * row and the local void row in one transaction. From then on the item no longer counts as on hand on this device
 * (src/local/stockHooks.ts), whatever the network does; the photo queue sends its photos (found through the outbox).
 */

/** Opens the form for one item: its draft if there is one, else a new one (with a fresh voidId). */
export async function openStockVoid(
  db: UserDatabase,
  item: { kind: StockVoidDraft['kind']; code: string; workOrderId?: string | undefined },
  deps: CommandDeps,
): Promise<StockVoidDraft> {
  const id = stockVoidDraftId(item.kind, item.code);
  return db.transaction('rw', [db.drafts], async () => {
    const existing = parseStockVoidDraft(await db.drafts.get(id));
    if (existing !== null) return existing;
    const draft = StockVoidDraft.parse({ voidId: deps.uuid(), kind: item.kind, code: item.code, workOrderId: item.workOrderId ?? '' });
    await db.drafts.put({ id, workOrderId: '', kind: STOCK_VOID_DRAFT_KIND, data: draft, updatedAt: deps.now() });
    return draft;
  });
}

export interface StockVoidChange {
  draft: StockVoidDraft;
  addPhotos?: readonly NewPhoto[];
  removePhotos?: readonly string[];
}

/**
 * Saves a void draft with the photos it gains and loses, in one transaction. 'gone' (nothing written) when the draft
 * no longer exists: the void was recorded or cancelled meanwhile.
 */
export async function saveStockVoidDraft(db: UserDatabase, change: StockVoidChange, now: number): Promise<'saved' | 'gone'> {
  const draft = StockVoidDraft.parse(change.draft);
  const id = stockVoidDraftId(draft.kind, draft.code);
  return db.transaction('rw', [db.drafts, db.photos, db.photoBytes], async () => {
    if ((await db.drafts.get(id)) === undefined) return 'gone';
    await db.drafts.put({ id, workOrderId: '', kind: STOCK_VOID_DRAFT_KIND, data: draft, updatedAt: now });
    for (const photo of change.addPhotos ?? []) await addPhoto(db, photo, draft.voidId, now);
    // A void's photos are its own (taken in its form): a removed one is no one else's.
    await deletePhotos(
      db,
      (change.removePhotos ?? []).filter((photoId) => !draft.photoIds.includes(photoId)),
    );
    return 'saved';
  });
}

/** Closes the form without recording: the draft and its photos go. */
export async function cancelStockVoid(db: UserDatabase, kind: StockVoidDraft['kind'], code: string): Promise<void> {
  await db.transaction('rw', [db.drafts, db.photos, db.photoBytes], async () => {
    const id = stockVoidDraftId(kind, code);
    const draft = parseStockVoidDraft(await db.drafts.get(id));
    await db.drafts.delete(id);
    if (draft !== null) await deletePhotos(db, draft.photoIds);
  });
}

/**
 * Records the void: the `stock.void` outbox row (next seq), the local void row and the draft removed, in ONE
 * transaction; the field errors (and nothing written) when the draft is not complete. Recording twice returns the
 * void made the first time.
 */
export async function recordStockVoid(
  db: UserDatabase,
  item: { kind: StockVoidDraft['kind']; code: string },
  deps: CommandDeps,
): Promise<Result<StockVoidRow, DraftIssue[]>> {
  return db.transaction('rw', [db.drafts, db.outbox, db.meta, db.stockVoids], async () => {
    const id = stockVoidDraftId(item.kind, item.code);
    const draft = parseStockVoidDraft(await db.drafts.get(id));
    if (draft === null) {
      const done = await db.stockVoids.filter((v) => v.args.kind === item.kind && v.args.code === item.code).last();
      return done === undefined ? err([{ field: 'void', code: 'invalid', level: 'error' }]) : ok(done);
    }
    const at = new Date(deps.now()).toISOString();
    const result = stockVoidDraftToArgs(draft, at);
    if (!result.ok) return result;
    const args = result.value;
    const row = await enqueueMutation(db, 'stock.void', args, deps);
    const record: StockVoidRow = { id: args.voidId, seq: row.seq, args, day: isoDayInVietnam(new Date(at)), createdAt: deps.now() };
    await db.stockVoids.add(record);
    await db.drafts.delete(id);
    return ok(record);
  });
}
