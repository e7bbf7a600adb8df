import { sql, type Kysely } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { SqlDialect } from './dialect';
import type { Database } from './schema';
import { CHANGE_ENTITIES, CHANGE_OPS, type ChangeEntity, type ChangeOp } from '../../src/domain/protocol/sync';
import type { ChangeRecord, NewChange } from './records';

/**
 * First key of the PostgreSQL advisory lock that orders the change feed; the second key is the schema,
 * so separate schemas (test runs) do not wait for each other.
 */
const CHANGE_FEED_LOCK_CLASS = 0x4d53_4346; // "MSCF"

function entity(value: string): ChangeEntity {
  const found = CHANGE_ENTITIES.find((e) => e === value);
  if (found === undefined) throw new Error(`changes.entity holds unknown value ${value}`);
  return found;
}

function op(value: string): ChangeOp {
  const found = CHANGE_OPS.find((o) => o === value);
  if (found === undefined) throw new Error(`changes.op holds unknown value ${value}`);
  return found;
}

/** Changes appended together, with the time they were made. */
export interface ChangeGroup {
  changes: readonly NewChange[];
  createdAt: string;
}

export function changesRepo(db: Kysely<Database>, dialect: SqlDialect) {
  /**
   * Appends to the pull feed: several appends at once (a push's mutations, each with its own time), in order.
   * Invariant: change_id order is commit order, so a reader that has seen change N never later finds an uncommitted
   * change below N. SQLite has one writer at a time; on PostgreSQL every writer holds one transaction-scoped lock from
   * its first change_id until commit, hence this must run inside a transaction. The lock is taken once and the rows go
   * in as multi-row inserts, so a transaction holds it for a few statements, not for round trips per mutation.
   *
   * The feed keeps one row per (recipient, entity, id), the latest (design §5): the rows a new one supersedes are
   * removed in the same transaction. A device whose cursor is past the old row gets the new one, which is past its
   * cursor too; one before both only ever needed the latest word (an upsert carries the entity as it is now). Under
   * the lock, so two writers of the same key take turns and the second sees the first's row.
   */
  async function appendAll(groups: readonly ChangeGroup[]): Promise<void> {
    // Across the groups and within each, the last row of a key is the one that stays, where it came last (with its
    // group's time): the feed keeps the order of the appends.
    const latest = new Map<string, { change: NewChange; createdAt: string }>();
    for (const { changes, createdAt } of groups) {
      for (const change of changes) {
        const key = `${change.recipientUserId}\u0000${change.entity}\u0000${change.entityId}`;
        latest.delete(key);
        latest.set(key, { change, createdAt });
      }
    }
    if (latest.size === 0) return;
    if (!db.isTransaction) throw new Error('changes.append must run inside store.transaction');
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_FEED_LOCK_CLASS)}, hashtext(current_schema()))`.execute(db);
    }
    const rows = [...latest.values()].map(({ change: c, createdAt }) => ({
      recipient_user_id: c.recipientUserId,
      entity: c.entity,
      entity_id: c.entityId,
      op: c.op,
      entity_version: c.entityVersion,
      created_at: createdAt,
    }));
    // The superseded rows, every key of a batch in one statement (a row value against a VALUES list: both backends).
    for (const batch of chunks(rows, INSERT_BATCH_ROWS)) {
      const keys = sql.join(batch.map((r) => sql`(${r.recipient_user_id}, ${r.entity}, ${r.entity_id})`));
      await sql`delete from changes where (recipient_user_id, entity, entity_id) in (values ${keys})`.execute(db);
    }
    // One INSERT assigns change_id in the order of its rows, so the feed keeps the order of the appends.
    for (const batch of chunks(rows, INSERT_BATCH_ROWS)) await db.insertInto('changes').values(batch).execute();
  }

  return {
    /** One append (see appendAll). */
    async append(changes: readonly NewChange[], createdAt: string): Promise<void> {
      await appendAll([{ changes, createdAt }]);
    },

    appendAll,

    /** Rows in the feed, everyone's or one recipient's (benchmarks and operations: how big the feed has grown). */
    async count(recipientUserId?: string): Promise<number> {
      let query = db.selectFrom('changes').select((eb) => eb.fn.countAll<number | string>().as('n'));
      if (recipientUserId !== undefined) query = query.where('recipient_user_id', '=', recipientUserId);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * The recipient's changes after `afterChangeId`, oldest first, leaving out the revokes up to `revokesThrough`:
     * a full pull's device never held what they take away (design §5); only of `entities` when given.
     */
    async listAfter(
      recipientUserId: string,
      afterChangeId: number,
      limit: number,
      revokesThrough = 0,
      entities?: readonly ChangeEntity[],
    ): Promise<ChangeRecord[]> {
      let query = db
        .selectFrom('changes')
        .select(['change_id', 'recipient_user_id', 'entity', 'entity_id', 'op', 'entity_version'])
        .where('recipient_user_id', '=', recipientUserId)
        .where('change_id', '>', afterChangeId);
      // Only the entities the client keeps (an older client would refuse a page with one it does not know).
      if (entities !== undefined) query = query.where('entity', 'in', entities);
      if (revokesThrough > afterChangeId) query = query.where((eb) => eb.or([eb('op', '=', 'upsert'), eb('change_id', '>', revokesThrough)]));
      const rows = await query.orderBy('change_id').limit(limit).execute();
      return rows.map((r) => ({
        changeId: r.change_id,
        recipientUserId: r.recipient_user_id,
        entity: entity(r.entity),
        entityId: r.entity_id,
        op: op(r.op),
        entityVersion: r.entity_version,
      }));
    },

    /**
     * Compaction of the feed's old revokes (design §5), one batch of at most `batch`: removes the oldest revokes
     * written before `before` and raises the feed's horizon to the last one removed, in one transaction, so no reader
     * sees the rows gone without the horizon that sends a device before them back to a full pull. The horizon only
     * ever rises, even when two processes compact at once. Answers how many it removed (0: nothing is left to do).
     */
    async pruneRevokes(before: string, batch: number): Promise<number> {
      if (!db.isTransaction) throw new Error('changes.pruneRevokes must run inside store.transaction');
      const rows = await db
        .selectFrom('changes')
        .select('change_id')
        .where('op', '=', 'revoke')
        .where('created_at', '<', before)
        .orderBy('change_id')
        .limit(batch)
        .execute();
      const last = rows.at(-1)?.change_id;
      if (last === undefined) return 0;
      await db
        .updateTable('meta')
        .set({ value: String(last) })
        .where('key', '=', 'feed_horizon')
        .where(sql<number>`cast(value as bigint)`, '<', last)
        .execute();
      await db
        .deleteFrom('changes')
        .where('op', '=', 'revoke')
        .where(
          'change_id',
          'in',
          rows.map((r) => r.change_id),
        )
        .execute();
      return rows.length;
    },
  };
}

export type ChangesRepo = ReturnType<typeof changesRepo>;
