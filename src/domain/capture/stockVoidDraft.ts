import * as z from 'zod/mini';
import { VOID_REASONS } from '../stock/stock';
import { PhotoId } from './identifiers';

/*
 * "Báo hỏng / mất" (issue 16 §4): a seal broken while clamping, or a seal or new meter damaged or lost, written off by
 * the technician with at least one photo. Like a swap it is a draft first (saved as it changes, so a photo taken is
 * never lost to a closed app), then one `stock.void` through the outbox (./stockVoid.ts). Apart from the args, so
 * the screens' live queries do not load the mutation schemas.
 */

/** Photos of one void: the mutation takes 1 to 4. */
export const MAX_VOID_PHOTOS = 4;
/** The note's limit (ShortText of the mutation). */
export const VOID_NOTE_MAX = 500;

const Text = z._default(z.string().check(z.maxLength(2000)), '');

export const StockVoidDraft = z.object({
  voidId: z.uuid(),
  kind: z.enum(['seal', 'meter']),
  /** The item's code as the stock holds it (normalised). */
  code: z.string().check(z.minLength(1), z.maxLength(60)),
  reason: z._default(z.enum(['', ...VOID_REASONS]), ''),
  note: Text,
  photoIds: z._default(z.array(PhotoId), () => []),
  /** The work order at whose door it happened; '' for none. */
  workOrderId: z._default(z.union([z.literal(''), z.uuid()]), ''),
});
export type StockVoidDraft = z.infer<typeof StockVoidDraft>;
