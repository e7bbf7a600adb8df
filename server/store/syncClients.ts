import type { Kysely } from 'kysely';
import type { CheckIn } from './checkIns';
import type { Database } from './schema';
import type { DeviceBacklogReport, SyncClientRecord } from './records';

export function syncClientsRepo(db: Kysely<Database>) {
  return {
    /**
     * Binds a client id to a user on first sight and answers the owner, who may be someone else:
     * the caller decides what a mismatch means. Concurrent first sights agree because the insert ignores conflicts.
     */
    async bind(clientId: string, userId: string, now: string): Promise<SyncClientRecord> {
      await db
        .insertInto('sync_clients')
        .values({ client_id: clientId, user_id: userId, last_seq: 0, created_at: now, last_seen_at: now })
        .onConflict((oc) => oc.column('client_id').doNothing())
        .execute();
      const row = await db
        .selectFrom('sync_clients')
        .select(['client_id', 'user_id', 'last_seq'])
        .where('client_id', '=', clientId)
        .executeTakeFirstOrThrow();
      return { clientId: row.client_id, userId: row.user_id, lastSeq: row.last_seq };
    },

    /**
     * A pull's check-in of a client its snapshot did not find (first sight, once per device), in ONE statement
     * (one round trip, one commit): binds the client id to the user, or, if someone bound it meanwhile and it is the
     * user, notes that it was seen now, with the device's backlog report when it sent one (a pull that reports
     * nothing, an older app, leaves the last report as it was; `reported_at` says how old it is). Answers the
     * owner, who may be someone else: then nothing is written (the caller refuses the pull). A bound client's
     * check-ins go through recordCheckIns, after the pull's answer.
     */
    async checkIn(clientId: string, userId: string, now: string, report?: DeviceBacklogReport): Promise<SyncClientRecord> {
      const reported =
        report === undefined
          ? {}
          : {
              pending_records: report.pendingRecords,
              pending_photos: report.pendingPhotos,
              oldest_pending_at: report.oldestPendingAt,
              reported_at: now,
            };
      const row = await db
        .insertInto('sync_clients')
        .values({ client_id: clientId, user_id: userId, last_seq: 0, created_at: now, last_seen_at: now, ...reported })
        .onConflict((oc) =>
          oc
            .column('client_id')
            .doUpdateSet({ last_seen_at: now, ...reported })
            .where('sync_clients.user_id', '=', userId),
        )
        .returning(['client_id', 'user_id', 'last_seq'])
        .executeTakeFirst();
      if (row) return { clientId: row.client_id, userId: row.user_id, lastSeq: row.last_seq };
      const owner = await db
        .selectFrom('sync_clients')
        .select(['client_id', 'user_id', 'last_seq'])
        .where('client_id', '=', clientId)
        .executeTakeFirstOrThrow();
      return { clientId: owner.client_id, userId: owner.user_id, lastSeq: owner.last_seq };
    },

    /**
     * Writes the check-ins of clients already bound to their users (./checkIns.ts queues them after the pulls'
     * answers). Only a client's own user's check-in touches its row. The sighting never goes back in time: a push
     * may have noted a later one since the pull (lockForPush). In client id order, so two processes writing
     * overlapping batches on PostgreSQL lock the rows in the same order and never deadlock.
     */
    async recordCheckIns(checkIns: readonly CheckIn[]): Promise<void> {
      const sorted = [...checkIns].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
      for (const { clientId, userId, seenAt, report } of sorted) {
        await db
          .updateTable('sync_clients')
          .set((eb) => ({
            last_seen_at: eb.case().when('last_seen_at', '<', seenAt).then(seenAt).else(eb.ref('last_seen_at')).end(),
            ...(report === undefined
              ? {}
              : {
                  pending_records: report.pendingRecords,
                  pending_photos: report.pendingPhotos,
                  oldest_pending_at: report.oldestPendingAt,
                  reported_at: report.reportedAt,
                }),
          }))
          .where('client_id', '=', clientId)
          .where('user_id', '=', userId)
          .execute();
      }
    },

    /**
     * The first statements of a push transaction: binds the client on first sight, then locks its row and reads
     * its owner and last seq. The lock is an UPDATE, so it is a write on both databases: on PostgreSQL it holds the
     * row lock until commit (a concurrent push of the same client waits here, then reads the seq the first one
     * committed, READ COMMITTED re-reading the updated row); on SQLite it takes the single write lock before
     * anything is read, so the reads that follow cannot be stale. Only the caller's transaction may release it.
     */
    async lockForPush(clientId: string, userId: string, now: string): Promise<SyncClientRecord> {
      if (!db.isTransaction) throw new Error('syncClients.lockForPush must run inside store.transaction');
      await db
        .insertInto('sync_clients')
        .values({ client_id: clientId, user_id: userId, last_seq: 0, created_at: now, last_seen_at: now })
        .onConflict((oc) => oc.column('client_id').doNothing())
        .execute();
      const row = await db
        .updateTable('sync_clients')
        .set({ last_seen_at: now })
        .where('client_id', '=', clientId)
        .returning(['client_id', 'user_id', 'last_seq'])
        .executeTakeFirstOrThrow();
      return { clientId: row.client_id, userId: row.user_id, lastSeq: row.last_seq };
    },

    /** Records that `seq` was processed; in the same transaction as its effects and its mutation_log row. */
    async advance(clientId: string, seq: number, now: string): Promise<void> {
      await db.updateTable('sync_clients').set({ last_seq: seq, last_seen_at: now }).where('client_id', '=', clientId).execute();
    },

    /**
     * What a pull reads first, in one statement (so from one snapshot, in or out of a transaction) and one round
     * trip: the change feed's epoch, head (its highest change id, 0 when empty) and horizon (the change id up to which
     * old revokes were removed; design §5), the client's row (null when it was never seen) and whether
     * `recipientUserId` has any change after `afterChangeId`. A device in sync (nothing new: the pull it makes most
     * often) is answered from this alone, its `lastSeq` from the same snapshot as the feed's end.
     */
    async pullHead(
      clientId: string,
      recipientUserId: string,
      afterChangeId: number,
    ): Promise<{ epoch: string; head: number; horizon: number; client: SyncClientRecord | null; changesAfter: boolean }> {
      const row = await db
        .selectFrom('meta')
        .leftJoin('sync_clients', (join) => join.on('sync_clients.client_id', '=', clientId))
        .select((eb) => [
          'meta.value as epoch',
          'sync_clients.client_id',
          'sync_clients.user_id',
          'sync_clients.last_seq',
          eb
            .exists(
              eb
                .selectFrom('changes')
                .select('changes.change_id')
                .where('changes.recipient_user_id', '=', recipientUserId)
                .where('changes.change_id', '>', afterChangeId),
            )
            .as('changes_after'),
          eb
            .selectFrom('changes')
            .select((max) => max.fn.max('changes.change_id').as('head'))
            .as('head'),
          eb.selectFrom('meta as horizon').select('horizon.value').where('horizon.key', '=', 'feed_horizon').as('horizon'),
        ])
        .where('meta.key', '=', 'epoch')
        .executeTakeFirstOrThrow();
      const { client_id: id, user_id: userId, last_seq: lastSeq } = row;
      return {
        epoch: row.epoch,
        head: row.head ?? 0,
        // Kept as text, like every meta value.
        horizon: Number(row.horizon ?? 0),
        client: id === null || userId === null || lastSeq === null ? null : { clientId: id, userId, lastSeq },
        // SQLite answers 0 or 1, PostgreSQL a boolean.
        changesAfter: Boolean(row.changes_after),
      };
    },

    /** The client's row without creating it (refusals must not register a client). */
    async find(clientId: string): Promise<SyncClientRecord | null> {
      const row = await db
        .selectFrom('sync_clients')
        .select(['client_id', 'user_id', 'last_seq'])
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row ? { clientId: row.client_id, userId: row.user_id, lastSeq: row.last_seq } : null;
    },

    async lastSeq(clientId: string): Promise<number> {
      const row = await db.selectFrom('sync_clients').select('last_seq').where('client_id', '=', clientId).executeTakeFirst();
      return row?.last_seq ?? 0;
    },
  };
}

export type SyncClientsRepo = ReturnType<typeof syncClientsRepo>;
