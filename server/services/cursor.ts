import { z } from 'zod';

/**
 * The pull cursor is opaque to clients: base64url of {v, e: feed epoch, u: user id, c: last change id seen, r: during
 * a full pull, the change id up to which revokes are left out}. v1 has no `r`; v2 is written only while a full pull
 * is under way (a server from before v2 answers it with a reset, which is always safe), so a device in sync carries
 * a v1 cursor that every version reads.
 */
const CursorV1 = z.strictObject({
  v: z.literal(1),
  e: z.string().min(1),
  u: z.string().min(1),
  c: z.number().int().nonnegative(),
});
const CursorV2 = z.strictObject({
  v: z.literal(2),
  e: z.string().min(1),
  u: z.string().min(1),
  c: z.number().int().nonnegative(),
  r: z.number().int().nonnegative(),
});
const CursorPayload = z.discriminatedUnion('v', [CursorV1, CursorV2]);
type CursorPayload = z.infer<typeof CursorPayload>;

/** Where a pull starts in the caller's feed. */
export interface FeedPosition {
  afterChangeId: number;
  /** Revokes up to this change id are left out (a full pull: the device never held what they take away). */
  revokesThrough: number;
  /** The device must clear its copy of the server's data first: a full pull (no cursor, or one that cannot be used). */
  reset: boolean;
}

/** What the feed looks like in the reader's snapshot (store.syncClients.pullHead). */
export interface FeedHead {
  epoch: string;
  /** The highest change id: every id up to it is committed or will never be (change ids are commit order). */
  head: number;
  /** Revokes up to this change id have been removed by compaction. */
  horizon: number;
}

/** The cursor after a page that ends at `changeId`; `revokesThrough` is carried while it lies ahead of the position. */
export function encodeCursor(epoch: string, userId: string, changeId: number, revokesThrough = 0): string {
  const payload: CursorPayload =
    revokesThrough > changeId ? { v: 2, e: epoch, u: userId, c: changeId, r: revokesThrough } : { v: 1, e: epoch, u: userId, c: changeId };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function parse(cursor: string): CursorPayload | null {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = CursorPayload.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/**
 * Where the caller's pull starts. Without a cursor, or with one that does not decode, names another epoch or user,
 * or stands before the compaction horizon (the revokes it still needed are gone), it is a full pull: from the
 * beginning, with reset, leaving out every revoke up to the snapshot's head.
 */
export function decodeCursor(cursor: string | undefined, feed: FeedHead, userId: string): FeedPosition {
  const full: FeedPosition = { afterChangeId: 0, revokesThrough: feed.head, reset: true };
  if (cursor === undefined) return full;
  const parsed = parse(cursor);
  if (parsed === null || parsed.e !== feed.epoch || parsed.u !== userId) return full;
  const revokesThrough = parsed.v === 2 ? parsed.r : 0;
  // Revokes a device of this cursor may need are those after its position, or after what it was told to leave out.
  if (Math.max(parsed.c, revokesThrough) < feed.horizon) return full;
  return { afterChangeId: parsed.c, revokesThrough, reset: false };
}

/** What a cursor says of itself, before the feed is read (decodeCursor decides); null without a readable one. */
export function claimedPosition(cursor: string | undefined): { userId: string; afterChangeId: number; revokesThrough: number } | null {
  const parsed = cursor === undefined ? null : parse(cursor);
  return parsed === null ? null : { userId: parsed.u, afterChangeId: parsed.c, revokesThrough: parsed.v === 2 ? parsed.r : 0 };
}
