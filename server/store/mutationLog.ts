import type { Kysely, Selectable } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import { fromJson, toJson } from './json';
import type { MutationLogRecord, RejectedMutationRecord } from './records';
import type { Database, MutationLogTable, RejectedMutationsTable } from './schema';

function toEntry(row: Selectable<MutationLogTable>): MutationLogRecord {
  return {
    clientId: row.client_id,
    seq: row.seq,
    mutationId: row.mutation_id,
    name: row.name,
    argsHash: row.args_hash,
    status: row.status,
    result: fromJson(row.result),
    receivedAt: row.received_at,
  };
}

function toRejected(row: Selectable<RejectedMutationsTable>): RejectedMutationRecord {
  return {
    clientId: row.client_id,
    userId: row.user_id,
    seq: row.seq,
    mutationId: row.mutation_id,
    name: row.name,
    payload: fromJson(row.payload),
    error: fromJson(row.error),
    receivedAt: row.received_at,
  };
}

/** `mutation_log` (one row per processed seq; primary key (client_id, seq), mutation_id unique) and `rejected_mutations`. */
export function mutationLogRepo(db: Kysely<Database>) {
  /** Logs several entries in multi-row inserts (a push's log, written at its commit: store.atCommit); see insert. */
  async function insertMany(entries: readonly MutationLogRecord[]): Promise<void> {
    for (const batch of chunks(entries, INSERT_BATCH_ROWS)) {
      await db
        .insertInto('mutation_log')
        .values(
          batch.map((entry) => ({
            client_id: entry.clientId,
            seq: entry.seq,
            mutation_id: entry.mutationId,
            name: entry.name,
            args_hash: entry.argsHash,
            status: entry.status,
            result: toJson(entry.result),
            received_at: entry.receivedAt,
          })),
        )
        .execute();
    }
  }

  return {
    async findBySeq(clientId: string, seq: number): Promise<MutationLogRecord | undefined> {
      const row = await db.selectFrom('mutation_log').selectAll().where('client_id', '=', clientId).where('seq', '=', seq).executeTakeFirst();
      return row && toEntry(row);
    },

    async findByMutationId(mutationId: string): Promise<MutationLogRecord | undefined> {
      const row = await db.selectFrom('mutation_log').selectAll().where('mutation_id', '=', mutationId).executeTakeFirst();
      return row && toEntry(row);
    },

    /** Which of `mutationIds` are logged already, for any client (one query for a push's batch). */
    async findLoggedMutationIds(mutationIds: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (const batch of chunks(mutationIds, INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('mutation_log').select('mutation_id').where('mutation_id', 'in', batch).execute();
        for (const row of rows) found.add(row.mutation_id);
      }
      return found;
    },

    /** Throws a unique violation when the seq or the mutation id was logged already (see errors.isUniqueViolation). */
    async insert(entry: MutationLogRecord): Promise<void> {
      await insertMany([entry]);
    },

    insertMany,

    async insertRejected(rejected: RejectedMutationRecord): Promise<void> {
      await db
        .insertInto('rejected_mutations')
        .values({
          client_id: rejected.clientId,
          user_id: rejected.userId,
          seq: rejected.seq,
          mutation_id: rejected.mutationId,
          name: rejected.name,
          payload: toJson(rejected.payload),
          error: toJson(rejected.error),
          received_at: rejected.receivedAt,
        })
        .execute();
    },

    async listForClient(clientId: string): Promise<MutationLogRecord[]> {
      const rows = await db.selectFrom('mutation_log').selectAll().where('client_id', '=', clientId).orderBy('seq').execute();
      return rows.map(toEntry);
    },

    async listRejectedForClient(clientId: string): Promise<RejectedMutationRecord[]> {
      const rows = await db.selectFrom('rejected_mutations').selectAll().where('client_id', '=', clientId).orderBy('id').execute();
      return rows.map(toRejected);
    },
  };
}

export type MutationLogRepo = ReturnType<typeof mutationLogRepo>;
