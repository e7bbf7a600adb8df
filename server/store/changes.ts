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

export function changesRepo(db: Kysely<Database>, dialect: SqlDialect) {
  return {
    /**
     * Appends to the pull feed. Invariant: change_id order is commit order, so a reader that has seen
     * change N never later finds an uncommitted change below N. SQLite has one writer at a time; on
     * PostgreSQL every writer holds one transaction-scoped lock from its first change_id until commit,
     * hence this must run inside a transaction.
     */
    async append(changes: readonly NewChange[], createdAt: string): Promise<void> {
      if (changes.length === 0) return;
      if (!db.isTransaction) throw new Error('changes.append must run inside store.transaction');
      if (dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_FEED_LOCK_CLASS)}, hashtext(current_schema()))`.execute(db);
      }
      for (const batch of chunks(changes, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('changes')
          .values(
            batch.map((c) => ({
              recipient_user_id: c.recipientUserId,
              entity: c.entity,
              entity_id: c.entityId,
              op: c.op,
              entity_version: c.entityVersion,
              created_at: createdAt,
            })),
          )
          .execute();
      }
    },

    /** Rows in the feed, everyone's or one recipient's (benchmarks and operations: how big the feed has grown). */
    async count(recipientUserId?: string): Promise<number> {
      let query = db.selectFrom('changes').select((eb) => eb.fn.countAll<number | string>().as('n'));
      if (recipientUserId !== undefined) query = query.where('recipient_user_id', '=', recipientUserId);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The recipient's changes after `afterChangeId`, oldest first. */
    async listAfter(recipientUserId: string, afterChangeId: number, limit: number): Promise<ChangeRecord[]> {
      const rows = await db
        .selectFrom('changes')
        .select(['change_id', 'recipient_user_id', 'entity', 'entity_id', 'op', 'entity_version'])
        .where('recipient_user_id', '=', recipientUserId)
        .where('change_id', '>', afterChangeId)
        .orderBy('change_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        changeId: r.change_id,
        recipientUserId: r.recipient_user_id,
        entity: entity(r.entity),
        entityId: r.entity_id,
        op: op(r.op),
        entityVersion: r.entity_version,
      }));
    },
  };
}

export type ChangesRepo = ReturnType<typeof changesRepo>;
