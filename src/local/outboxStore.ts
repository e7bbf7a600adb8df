import { liveQuery } from 'dexie';
import type { MutationEnvelope, MutationResult } from '../domain/protocol/mutations';
import { outcomeOf, photoIdsOf } from '../domain/protocol/outboxRules';
import type { OutboxRow, UserDatabase } from './database';
import type { UploadedPhotoRow } from './photoQueueStore';
import { getClientId } from './meta';

/**
 * An outbox row with what sync learned about it. The extra members are not indexed, so they live on the rows of
 * version 1's `outbox` table without a schema change.
 */
export interface SyncedOutboxRow extends OutboxRow {
  /** When the server's answer was applied (acked or rejected); retention counts from here. */
  ackedAt?: number;
  /** The server's answer for this mutation, as received (conflicts and rejection reasons included). */
  result?: MutationResult;
  /** A push refusal that needs a person (IDEMPOTENCY_KEY_REUSED, CLIENT_USER_MISMATCH), noted on the row it stopped at. */
  blockedBy?: string;
}

export function outboxTable(db: UserDatabase) {
  return db.table<SyncedOutboxRow, number>('outbox');
}

const envelopeOf = (row: OutboxRow): MutationEnvelope => ({
  seq: row.seq,
  mutationId: row.mutationId,
  name: row.name,
  args: row.args,
  createdAt: row.createdAt,
});

/** The local half of the push loop (src/sync's `PushStore`), bound to one user's database. */
export function pushStoreFor(db: UserDatabase) {
  const outbox = outboxTable(db);
  return {
    getClientId: () => getClientId(db),
    firstPendingSeq: async (): Promise<number | null> => (await outbox.where('status').equals('pending').first())?.seq ?? null,
    rowsFrom: async (fromSeq: number, limit: number): Promise<MutationEnvelope[]> =>
      (await outbox.where('seq').aboveOrEqual(fromSeq).limit(limit).toArray()).map(envelopeOf),
    applyResults: (results: readonly MutationResult[], at: number) => applyPushResults(db, results, at),
    markBlocked: async (seq: number, code: string) => {
      await outbox.update(seq, { blockedBy: code });
    },
    requeuePhotosFrom: (fromSeq: number) => requeuePhotosFrom(db, fromSeq),
  };
}

/** Photos of the retained outbox rows from `fromSeq` on go back to pending (their bytes are still on the device). */
export async function requeuePhotosFrom(db: UserDatabase, fromSeq: number): Promise<void> {
  const outbox = outboxTable(db);
  await db.transaction('rw', outbox, db.photos, async () => {
    const ids = new Set<string>();
    await outbox
      .where('seq')
      .aboveOrEqual(fromSeq)
      .each((row) => {
        for (const id of photoIdsOf(row.name, row.args)) ids.add(id);
      });
    for (const photo of await db.photos.bulkGet([...ids])) {
      if (photo?.status !== 'uploaded') continue;
      // Without its upload time: retention must not reclaim it before the server has it again. Marked as sent
      // before, so the photo queue asks the server first (it may have kept this one).
      const { uploadedAt, ...waiting } = photo as UploadedPhotoRow;
      const row: UploadedPhotoRow = { ...waiting, status: 'pending', sendingAt: uploadedAt ?? photo.createdAt };
      await db.photos.put(row);
    }
  });
}

/**
 * One push answer, applied in ONE transaction: applied / applied_with_conflict / duplicate → acked, rejected (or a
 * duplicate of a rejection) → rejected with the reason kept. Nothing is deleted: a rejected record stays on the
 * device, marked, until someone exports or resolves it; acked rows stay for the retention period.
 */
export async function applyPushResults(db: UserDatabase, results: readonly MutationResult[], at: number): Promise<void> {
  const outbox = outboxTable(db);
  await db.transaction('rw', outbox, async () => {
    for (const result of results) {
      const row = await outbox.get(result.seq);
      // The server checks seq and mutationId together; a mismatch here would be another outbox's answer.
      if (row?.mutationId !== result.mutationId) continue;
      const status = outcomeOf(result);
      // A duplicate answer repeats what is already stored: keep the first answer (it carries the original result).
      if (row.status === status && row.result !== undefined && result.status === 'duplicate') continue;
      await outbox.put({ ...row, status, result, ackedAt: at, blockedBy: undefined });
    }
  });
}

/** Outbox rows still waiting plus photos not uploaded: what the sync triggers watch. */
export async function countPendingWork(db: UserDatabase): Promise<number> {
  return db.transaction('r', db.outbox, db.photos, async () => {
    const [rows, photos] = await Promise.all([
      db.outbox.where('status').equals('pending').count(),
      db.photos.where('status').equals('pending').count(),
    ]);
    return rows + photos;
  });
}

/** Calls `listener` with the pending count now and after every local change to it; returns the unsubscribe function. */
export function watchPendingWork(db: UserDatabase, listener: (pending: number) => void): () => void {
  const subscription = liveQuery(() => countPendingWork(db)).subscribe({
    next: listener,
    error: (error: unknown) => console.error('watching the outbox failed', error),
  });
  return () => subscription.unsubscribe();
}
