import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { chunks, INSERT_BATCH_ROWS } from './batch';

/** A token of the customer's copy (issue 15 §3); the token itself is never stored, only its hash. */
export interface CustomerCopyRecord {
  tokenHash: string;
  completionId: string;
  workOrderId: string;
  teamId: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

type Row = Database['customer_copies'];

const fromRow = (r: Row): CustomerCopyRecord => ({
  tokenHash: r.token_hash,
  completionId: r.completion_id,
  workOrderId: r.work_order_id,
  teamId: r.team_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

export function customerCopiesRepo(db: Kysely<Database>) {
  /** The completion's tokens neither revoked nor expired at `now` (at most one, by the service's rule). */
  async function liveFor(completionId: string, now: string): Promise<CustomerCopyRecord[]> {
    const rows = await db
      .selectFrom('customer_copies')
      .selectAll()
      .where('completion_id', '=', completionId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .execute();
    return rows.map(fromRow);
  }

  const toRow = (copy: CustomerCopyRecord) => ({
    token_hash: copy.tokenHash,
    completion_id: copy.completionId,
    work_order_id: copy.workOrderId,
    team_id: copy.teamId,
    created_at: copy.createdAt,
    expires_at: copy.expiresAt,
    revoked_at: copy.revokedAt,
    revoked_by: copy.revokedBy,
  });

  return {
    liveFor,

    async insert(copy: CustomerCopyRecord): Promise<void> {
      await db.insertInto('customer_copies').values(toRow(copy)).execute();
    },

    /** Several tokens in multi-row inserts (a push's receipts, written at its commit: store.atCommit). */
    async insertMany(copies: readonly CustomerCopyRecord[]): Promise<void> {
      for (const chunk of chunks(copies, INSERT_BATCH_ROWS)) await db.insertInto('customer_copies').values(chunk.map(toRow)).execute();
    },

    /** The token with this hash, live or not (the caller decides: one answer for every kind of miss). */
    async findByHash(tokenHash: string): Promise<CustomerCopyRecord | undefined> {
      const row = await db.selectFrom('customer_copies').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && fromRow(row);
    },

    /** Revokes every unrevoked token of the completion; answers how many were live (not expired) at `at`. */
    async revokeFor(completionId: string, at: string, by: string | null): Promise<number> {
      const live = await liveFor(completionId, at);
      await db
        .updateTable('customer_copies')
        .set({ revoked_at: at, revoked_by: by })
        .where('completion_id', '=', completionId)
        .where('revoked_at', 'is', null)
        .execute();
      return live.length;
    },
  };
}

export type CustomerCopiesRepo = ReturnType<typeof customerCopiesRepo>;
