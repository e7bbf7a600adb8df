import { useLiveQuery } from 'dexie-react-hooks';
import type { AmendmentNote, OutboxStatus, ReviewRow, UserDatabase } from './database';
import { useLocalDatabase } from './DeviceProvider';
import { answersReturn, latestReturned, localSwapRecord, rejectedOutboxSeqs, type SwapRecord } from './returns';

/** A work order's return and correction, as this device knows them. */
export interface ReturnInfo {
  /** The supervisor's latest return (note, when); null when the record was never returned. */
  review: ReviewRow | null;
  /** The device already sent (or queued) a correction answering that return. */
  answered: boolean;
  /** The latest correction made on this device, and the state of the outbox row carrying it. */
  amendment: AmendmentNote | null;
  amendmentStatus: OutboxStatus | null;
  /** Something to prefill a correction from: this device's record or the server's copy. */
  canAmend: boolean;
}

async function outboxStatusOf(db: UserDatabase, note: AmendmentNote | null): Promise<OutboxStatus | null> {
  if (note === null) return null;
  return (await db.outbox.get(note.seq))?.status ?? 'acked';
}

/** What `ReturnInfo` says about one work order. Reads records, reviews, completions, outbox. */
export async function readReturnInfo(db: UserDatabase, workOrderId: string): Promise<ReturnInfo> {
  return db.transaction('r', [db.records, db.reviews, db.completions, db.outbox], async () => {
    const [record, reviews, completions, rejected] = await Promise.all([
      localSwapRecord(db, workOrderId),
      db.reviews.where('workOrderId').equals(workOrderId).toArray(),
      db.completions.where('workOrderId').equals(workOrderId).count(),
      rejectedOutboxSeqs(db),
    ]);
    const review = latestReturned(reviews) ?? null;
    const amendment = record?.amendments?.at(-1) ?? null;
    return {
      review,
      answered: review !== null && answersReturn(record, review, rejected),
      amendment,
      amendmentStatus: await outboxStatusOf(db, amendment),
      canAmend: record !== undefined || completions > 0,
    };
  });
}

/** `ReturnInfo` of one work order, live; undefined while loading. */
export function useReturnInfo(workOrderId: string): ReturnInfo | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => readReturnInfo(db, workOrderId), [db, workOrderId]);
}

/** What the list row shows under a returned or corrected work order. */
export interface ReturnBadge {
  /** The supervisor's note of a return not yet answered. */
  returnNote: string | null;
  /** A correction waits to be sent ("Đã sửa — chờ gửi"). */
  amendPending: boolean;
}

/** Per work order with a return or a correction on this device, live; undefined while loading. */
export function useReturnBadges(): Map<string, ReturnBadge> | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(
    () =>
      db.transaction('r', [db.records, db.reviews, db.outbox], async () => {
        const [reviews, records, rejected] = await Promise.all([
          db.reviews.toArray(),
          db.records.where('kind').equals('swap').toArray(),
          rejectedOutboxSeqs(db),
        ]);
        const badges = new Map<string, ReturnBadge>();
        const swaps = new Map<string, SwapRecord>();
        for (const r of records) if (r.kind === 'swap') swaps.set(r.workOrderId, r);
        const byWorkOrder = new Map<string, ReviewRow[]>();
        for (const review of reviews) byWorkOrder.set(review.workOrderId, [...(byWorkOrder.get(review.workOrderId) ?? []), review]);
        for (const [workOrderId, list] of byWorkOrder) {
          const review = latestReturned(list);
          if (review !== undefined && !answersReturn(swaps.get(workOrderId), review, rejected))
            badges.set(workOrderId, { returnNote: review.note ?? '', amendPending: false });
        }
        for (const [workOrderId, record] of swaps) {
          const note = record.amendments?.at(-1) ?? null;
          if (note === null || badges.has(workOrderId)) continue;
          if ((await outboxStatusOf(db, note)) === 'pending') badges.set(workOrderId, { returnNote: null, amendPending: true });
        }
        return badges;
      }),
    [db],
  );
}
