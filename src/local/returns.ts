import type { RecordRow, ReviewRow, UserDatabase } from './database';

/**
 * What the work list needs to know about returned records and their corrections, without the capture rules
 * (the amend flow in ./amend.ts and ./amendDraft.ts stays out of the first screen's bundle).
 */

export type SwapRecord = Extract<RecordRow, { kind: 'swap' }>;

export const AMEND_DRAFT_KIND = 'amend';

/** One amendment draft per work order, next to (never instead of) its swap draft id. */
export function amendDraftId(workOrderId: string): string {
  return `${AMEND_DRAFT_KIND}:${workOrderId}`;
}

/** The latest swap this device recorded for the work order. */
export async function localSwapRecord(db: UserDatabase, workOrderId: string): Promise<SwapRecord | undefined> {
  const records = await db.records.where('workOrderId').equals(workOrderId).sortBy('createdAt');
  return records.filter((r): r is SwapRecord => r.kind === 'swap').at(-1);
}

/** The supervisor's latest "return" of the work order, as mirrored from the server. */
export async function latestReturnedReview(db: UserDatabase, workOrderId: string): Promise<ReviewRow | undefined> {
  const reviews = await db.reviews.where('workOrderId').equals(workOrderId).toArray();
  return latestReturned(reviews);
}

/** Of some reviews, the latest returned one (by decision time, then feed version). */
export function latestReturned(reviews: readonly ReviewRow[]): ReviewRow | undefined {
  const returned = reviews.filter((r) => r.status === 'returned');
  returned.sort((a, b) => (a.resolvedAt ?? '').localeCompare(b.resolvedAt ?? '') || a.version - b.version);
  return returned.at(-1);
}

/**
 * Whether the device has already sent (or queued) a correction answering the latest return, so the record is
 * closed again. A correction the server refused (its outbox seq in `rejectedSeqs`) does not count: the record
 * can be corrected again.
 */
export function answersReturn(record: SwapRecord | undefined, review: ReviewRow | undefined, rejectedSeqs: ReadonlySet<number> = new Set()): boolean {
  const reviewId = review?.id ?? null;
  return (record?.amendments ?? []).some((a) => a.reviewId === reviewId && !rejectedSeqs.has(a.seq));
}

/** Outbox seqs the server refused for good. Inside a transaction that includes `outbox` (or none). */
export async function rejectedOutboxSeqs(db: UserDatabase): Promise<Set<number>> {
  return new Set(await db.outbox.where('status').equals('rejected').primaryKeys());
}
