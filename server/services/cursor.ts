import { z } from 'zod';

/**
 * The pull cursor is opaque to clients: base64url of {v, e: feed epoch, u: user id, c: last change id seen}.
 * A cursor that does not decode, or names another epoch or user, restarts the feed from the beginning with reset.
 */
const CursorPayload = z.strictObject({
  v: z.literal(1),
  e: z.string().min(1),
  u: z.string().min(1),
  c: z.number().int().nonnegative(),
});

export interface FeedPosition {
  afterChangeId: number;
  reset: boolean;
}

export function encodeCursor(epoch: string, userId: string, changeId: number): string {
  return Buffer.from(JSON.stringify({ v: 1, e: epoch, u: userId, c: changeId })).toString('base64url');
}

function parse(cursor: string): z.infer<typeof CursorPayload> | null {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = CursorPayload.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

export function decodeCursor(cursor: string | undefined, epoch: string, userId: string): FeedPosition {
  if (cursor === undefined) return { afterChangeId: 0, reset: false };
  const parsed = parse(cursor);
  if (parsed === null || parsed.e !== epoch || parsed.u !== userId) return { afterChangeId: 0, reset: true };
  return { afterChangeId: parsed.c, reset: false };
}

/** What a cursor says of itself, before its epoch is known (decodeCursor decides); null without a readable one. */
export function claimedPosition(cursor: string | undefined): { userId: string; afterChangeId: number } | null {
  const parsed = cursor === undefined ? null : parse(cursor);
  return parsed === null ? null : { userId: parsed.u, afterChangeId: parsed.c };
}
