import { StockVoidArgs } from '../protocol/mutations';
import { err, ok, type Result } from '../protocol/result';
import { checkLength, error, type DraftIssue } from './draftIssues';
import { MAX_VOID_PHOTOS, VOID_NOTE_MAX, type StockVoidDraft } from './stockVoidDraft';
import { withoutUndefined } from './swapArgs';

/* A void draft (./stockVoidDraft.ts) checked and turned into `stock.void` args. */

/** What is missing or wrong in a void before it can be recorded: the reason, at least one photo, the note's length. */
export function validateStockVoid(draft: StockVoidDraft): DraftIssue[] {
  const issues: DraftIssue[] = [];
  if (draft.reason === '') issues.push(error('void.reason', 'required'));
  issues.push(...checkLength('void.note', draft.note, VOID_NOTE_MAX));
  if (draft.photoIds.length === 0) issues.push(error('void.photos', 'photo_required'));
  if (draft.photoIds.length > MAX_VOID_PHOTOS) issues.push(error('void.photos', 'photo_limit'));
  return issues;
}

/** The draft as `stock.void` args (parsed with the shared schema), or what is still to fix. */
export function stockVoidDraftToArgs(draft: StockVoidDraft, at: string): Result<StockVoidArgs, DraftIssue[]> {
  const issues = validateStockVoid(draft);
  if (issues.length > 0 || draft.reason === '') return err(issues);
  const note = draft.note.trim();
  const parsed = StockVoidArgs.safeParse(
    withoutUndefined({
      voidId: draft.voidId,
      kind: draft.kind,
      code: draft.code,
      reason: draft.reason,
      note: note === '' ? undefined : note,
      photoIds: draft.photoIds,
      workOrderId: draft.workOrderId === '' ? undefined : draft.workOrderId,
      at,
    }),
  );
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => error(`void.${issue.path.map(String).join('.')}`, 'invalid', { message: issue.message })));
  }
  return ok(parsed.data);
}
