import { StockVoidDraft } from '../domain/capture/stockVoidDraft';
import type { DraftRow } from './database';

/** Where a void form's draft is kept (the drafts table, beside the swap drafts): see ./stockVoid.ts. */
export const STOCK_VOID_DRAFT_KIND = 'stockVoid';

/** One void draft per item: the same seal reported twice opens the same form. */
export function stockVoidDraftId(kind: StockVoidDraft['kind'], code: string): string {
  return `${STOCK_VOID_DRAFT_KIND}:${kind}:${code}`;
}

/** A stored void draft, parsed; null when absent, of another kind, or unreadable. */
export function parseStockVoidDraft(row: DraftRow | undefined): StockVoidDraft | null {
  if (row?.kind !== STOCK_VOID_DRAFT_KIND) return null;
  const parsed = StockVoidDraft.safeParse(row.data);
  return parsed.success ? parsed.data : null;
}
