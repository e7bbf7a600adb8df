import type { Kysely } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { Database } from './schema';

/*
 * Commissioning by the head-end (issue 17): API tokens, the state per primary completion, the readings received
 * and the message ids already applied. See migration 2026_12_08_0201.
 */

/** A primary completion that starts to await the head-end's first reading. */
export interface AwaitingRow {
  completionId: string;
  workOrderId: string;
  technicianId: string;
  installedAt: string;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  scope: string;
  tokenHash: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface CommissioningRecord {
  completionId: string;
  workOrderId: string;
  technicianId: string;
  installedAt: string;
  state: string;
  readingId: string | null;
  firstReadAt: string | null;
  firstReadTotal: number | null;
  commType: string | null;
  reason: string | null;
  decidedAt: string | null;
  followUpWorkOrderId: string | null;
}

/** A primary completion that installed a serial, with what the matching rule needs. */
export interface InstalledSerialRecord {
  serial: string;
  completionId: string;
  workOrderId: string;
  teamId: string | null;
  technicianId: string;
  capturedAt: string;
  receivedAt: string;
  phases: number;
  /** The completion's payload (swap.complete args) as stored. */
  payload: unknown;
  /** Null when the completion predates commissioning (no row): it is not judged. */
  state: string | null;
}

export interface HesReadingRecord {
  id: string;
  serial: string;
  readAt: string;
  total: number;
  normal: number | null;
  peak: number | null;
  offPeak: number | null;
  commType: string | null;
  source: string;
  receivedAt: string;
  completionId: string | null;
  outcome: string;
}

/** One row of the commissioning report: a completion's state with where and who. */
export interface CommissioningFactRecord {
  completionId: string;
  state: string;
  installedAt: string;
  firstReadAt: string | null;
  commType: string | null;
  commune: string;
  teamId: string | null;
  technicianId: string;
  technicianName: string | null;
  payload: unknown;
}

type TokenRow = Database['api_tokens'];
const tokenFromRow = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  tokenHash: r.token_hash,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

type CommissioningRow = Database['commissioning'];
const commissioningFromRow = (r: CommissioningRow): CommissioningRecord => ({
  completionId: r.completion_id,
  workOrderId: r.work_order_id,
  technicianId: r.technician_id,
  installedAt: r.installed_at,
  state: r.state,
  readingId: r.reading_id,
  firstReadAt: r.first_read_at,
  firstReadTotal: r.first_read_total,
  commType: r.comm_type,
  reason: r.reason,
  decidedAt: r.decided_at,
  followUpWorkOrderId: r.follow_up_work_order_id,
});

const parseJson = (text: string): unknown => JSON.parse(text) as unknown;

export function commissioningRepo(db: Kysely<Database>) {
  return {
    async insertToken(token: ApiTokenRecord): Promise<void> {
      await db
        .insertInto('api_tokens')
        .values({
          id: token.id,
          name: token.name,
          scope: token.scope,
          token_hash: token.tokenHash,
          created_by: token.createdBy,
          created_at: token.createdAt,
          last_used_at: token.lastUsedAt,
          revoked_at: token.revokedAt,
          revoked_by: token.revokedBy,
        })
        .execute();
    },

    async listTokens(): Promise<ApiTokenRecord[]> {
      const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(tokenFromRow);
    },

    async findToken(id: string): Promise<ApiTokenRecord | undefined> {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && tokenFromRow(row);
    },

    async findTokenByHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
      const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && tokenFromRow(row);
    },

    /** Revokes the token if it is live; answers whether this call revoked it. */
    async revokeToken(id: string, at: string, by: string): Promise<boolean> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at, revoked_by: by })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async touchToken(id: string, at: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },

    /** A primary completion starts awaiting its first reading. */
    /**
     * Completions that now await their first reading, in multi-row inserts (a push's swaps, written at its commit:
     * store.atCommit).
     */
    async insertAwaiting(rows: readonly AwaitingRow[]): Promise<void> {
      // 12 columns a row: 500 rows stay under SQLite's and PostgreSQL's bound-parameter limits.
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('commissioning')
          .values(
            rows.slice(i, i + 500).map((row) => ({
              completion_id: row.completionId,
              work_order_id: row.workOrderId,
              technician_id: row.technicianId,
              installed_at: row.installedAt,
              state: 'awaiting',
              reading_id: null,
              first_read_at: null,
              first_read_total: null,
              comm_type: null,
              reason: null,
              decided_at: null,
              follow_up_work_order_id: null,
            })),
          )
          .execute();
      }
    },

    /** A completion that is no longer primary (replaced after a return) waits no more. */
    async dropAwaiting(completionId: string): Promise<void> {
      await db.deleteFrom('commissioning').where('completion_id', '=', completionId).where('state', '=', 'awaiting').execute();
    },

    /** The primary completions that installed these serials (oldest received first), with their commissioning state. */
    async installedSerials(serials: readonly string[]): Promise<InstalledSerialRecord[]> {
      const found: InstalledSerialRecord[] = [];
      for (const batch of chunks([...new Set(serials)], INSERT_BATCH_ROWS)) {
        const rows = await db
          .selectFrom('completions')
          .innerJoin('work_orders', 'work_orders.id', 'completions.work_order_id')
          .leftJoin('commissioning', 'commissioning.completion_id', 'completions.id')
          .select([
            'completions.installed_serial as serial',
            'completions.id as completion_id',
            'completions.work_order_id as work_order_id',
            'completions.technician_id as technician_id',
            'completions.captured_at as captured_at',
            'completions.received_at as received_at',
            'completions.payload as payload',
            'work_orders.team_id as team_id',
            'work_orders.phases as phases',
            'commissioning.state as state',
          ])
          .where('completions.installed_serial', 'in', batch)
          .where('completions.is_primary', '=', 1)
          .orderBy('completions.received_at')
          .orderBy('completions.id')
          .execute();
        for (const r of rows) {
          if (r.serial === null) continue;
          found.push({
            serial: r.serial,
            completionId: r.completion_id,
            workOrderId: r.work_order_id,
            teamId: r.team_id,
            technicianId: r.technician_id,
            capturedAt: r.captured_at,
            receivedAt: r.received_at,
            phases: r.phases,
            payload: parseJson(r.payload),
            state: r.state,
          });
        }
      }
      return found;
    },

    /**
     * Decides an awaiting completion (confirmed or mismatch). Only a row still awaiting changes: two processes
     * deciding the same row (on PostgreSQL the second waits for the first's row lock) decide it once.
     */
    async decide(
      completionId: string,
      fields: {
        state: string;
        readingId: string;
        firstReadAt: string;
        firstReadTotal: number;
        commType: string | null;
        reason: string | null;
        at: string;
      },
    ): Promise<boolean> {
      const result = await db
        .updateTable('commissioning')
        .set({
          state: fields.state,
          reading_id: fields.readingId,
          first_read_at: fields.firstReadAt,
          first_read_total: fields.firstReadTotal,
          comm_type: fields.commType,
          reason: fields.reason,
          decided_at: fields.at,
        })
        .where('completion_id', '=', completionId)
        .where('state', '=', 'awaiting')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Awaiting rows installed before `cutoff`, oldest first. */
    async awaitingBefore(cutoff: string, limit: number): Promise<CommissioningRecord[]> {
      const rows = await db
        .selectFrom('commissioning')
        .selectAll()
        .where('state', '=', 'awaiting')
        .where('installed_at', '<', cutoff)
        .orderBy('installed_at')
        .orderBy('completion_id')
        .limit(limit)
        .execute();
      return rows.map(commissioningFromRow);
    },

    /** Marks an awaiting row overdue; false when another process (or a reading) got there first. */
    async markOverdue(completionId: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('commissioning')
        .set({ state: 'overdue', decided_at: at })
        .where('completion_id', '=', completionId)
        .where('state', '=', 'awaiting')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async setFollowUp(completionId: string, workOrderId: string): Promise<void> {
      await db.updateTable('commissioning').set({ follow_up_work_order_id: workOrderId }).where('completion_id', '=', completionId).execute();
    },

    async findFor(completionIds: readonly string[]): Promise<CommissioningRecord[]> {
      const found: CommissioningRecord[] = [];
      for (const batch of chunks([...new Set(completionIds)], INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('commissioning').selectAll().where('completion_id', 'in', batch).execute();
        found.push(...rows.map(commissioningFromRow));
      }
      return found;
    },

    /** (serial, read_at) pairs of these serials already stored, as `serial|readAt`. */
    async storedReadingKeys(serials: readonly string[]): Promise<Set<string>> {
      const keys = new Set<string>();
      for (const batch of chunks([...new Set(serials)], INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('hes_readings').select(['serial', 'read_at']).where('serial', 'in', batch).execute();
        for (const r of rows) keys.add(`${r.serial}|${r.read_at}`);
      }
      return keys;
    },

    async insertReadings(readings: readonly HesReadingRecord[]): Promise<void> {
      for (const batch of chunks(readings, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('hes_readings')
          .values(
            batch.map((r) => ({
              id: r.id,
              serial: r.serial,
              read_at: r.readAt,
              total: r.total,
              normal: r.normal,
              peak: r.peak,
              off_peak: r.offPeak,
              comm_type: r.commType,
              source: r.source,
              received_at: r.receivedAt,
              completion_id: r.completionId,
              outcome: r.outcome,
            })),
          )
          .onConflict((oc) => oc.columns(['serial', 'read_at']).doNothing())
          .execute();
      }
    },

    /**
     * Awaiting completions whose installed serial has readings stored as unmatched (they came before the swap was
     * synced: a technician offline for the day), with those readings, oldest first per completion.
     */
    async awaitingWithUnmatchedReadings(limit: number): Promise<{ completionId: string; installedAt: string; reading: HesReadingRecord }[]> {
      const rows = await db
        .selectFrom('commissioning')
        .innerJoin('completions', 'completions.id', 'commissioning.completion_id')
        .innerJoin('hes_readings', 'hes_readings.serial', 'completions.installed_serial')
        .select([
          'commissioning.completion_id as completion_id',
          'commissioning.installed_at as installed_at',
          'hes_readings.id as id',
          'hes_readings.serial as serial',
          'hes_readings.read_at as read_at',
          'hes_readings.total as total',
          'hes_readings.normal as normal',
          'hes_readings.peak as peak',
          'hes_readings.off_peak as off_peak',
          'hes_readings.comm_type as comm_type',
          'hes_readings.source as source',
          'hes_readings.received_at as received_at',
        ])
        .where('commissioning.state', '=', 'awaiting')
        .where('hes_readings.outcome', '=', 'unmatched')
        .orderBy('commissioning.completion_id')
        .orderBy('hes_readings.read_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        completionId: r.completion_id,
        installedAt: r.installed_at,
        reading: {
          id: r.id,
          serial: r.serial,
          readAt: r.read_at,
          total: r.total,
          normal: r.normal,
          peak: r.peak,
          offPeak: r.off_peak,
          commType: r.comm_type,
          source: r.source,
          receivedAt: r.received_at,
          completionId: null,
          outcome: 'unmatched',
        },
      }));
    },

    /** Files a reading stored as unmatched under the completion it turned out to be for. */
    async claimReading(id: string, completionId: string, outcome: string): Promise<void> {
      await db
        .updateTable('hes_readings')
        .set({ completion_id: completionId, outcome })
        .where('id', '=', id)
        .where('outcome', '=', 'unmatched')
        .execute();
    },

    /** Readings of serials installed nowhere, newest first. */
    async unmatchedReadings(limit: number): Promise<HesReadingRecord[]> {
      const rows = await db
        .selectFrom('hes_readings')
        .selectAll()
        .where('outcome', '=', 'unmatched')
        .orderBy('received_at', 'desc')
        .orderBy('serial')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        serial: r.serial,
        readAt: r.read_at,
        total: r.total,
        normal: r.normal,
        peak: r.peak,
        offPeak: r.off_peak,
        commType: r.comm_type,
        source: r.source,
        receivedAt: r.received_at,
        completionId: r.completion_id,
        outcome: r.outcome,
      }));
    },

    async countUnmatched(): Promise<number> {
      const row = await db
        .selectFrom('hes_readings')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('outcome', '=', 'unmatched')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async findMessage(messageId: string): Promise<{ bodyHash: string; result: unknown } | undefined> {
      const row = await db.selectFrom('hes_messages').select(['body_hash', 'result']).where('message_id', '=', messageId).executeTakeFirst();
      return row && { bodyHash: row.body_hash, result: parseJson(row.result) };
    },

    /** Records a message id as applied; false when another request recorded it first. */
    async insertMessage(message: {
      messageId: string;
      bodyHash: string;
      tokenId: string | null;
      result: unknown;
      receivedAt: string;
    }): Promise<boolean> {
      const result = await db
        .insertInto('hes_messages')
        .values({
          message_id: message.messageId,
          body_hash: message.bodyHash,
          token_id: message.tokenId,
          result: JSON.stringify(message.result),
          received_at: message.receivedAt,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    /** Every commissioning row of a team (or all teams) installed in [from, to), for the report. */
    async facts(teamId: string | null, from: string, to: string): Promise<CommissioningFactRecord[]> {
      let query = db
        .selectFrom('commissioning')
        .innerJoin('work_orders', 'work_orders.id', 'commissioning.work_order_id')
        .innerJoin('completions', 'completions.id', 'commissioning.completion_id')
        .leftJoin('users', 'users.id', 'commissioning.technician_id')
        .select([
          'commissioning.completion_id as completion_id',
          'commissioning.state as state',
          'commissioning.installed_at as installed_at',
          'commissioning.first_read_at as first_read_at',
          'commissioning.comm_type as comm_type',
          'commissioning.technician_id as technician_id',
          'work_orders.commune as commune',
          'work_orders.team_id as team_id',
          'users.display_name as technician_name',
          'completions.payload as payload',
        ])
        .where('commissioning.installed_at', '>=', from)
        .where('commissioning.installed_at', '<', to);
      if (teamId !== null) query = query.where('work_orders.team_id', '=', teamId);
      const rows = await query.orderBy('commissioning.installed_at').execute();
      return rows.map((r) => ({
        completionId: r.completion_id,
        state: r.state,
        installedAt: r.installed_at,
        firstReadAt: r.first_read_at,
        commType: r.comm_type,
        commune: r.commune,
        teamId: r.team_id,
        technicianId: r.technician_id,
        technicianName: r.technician_name,
        payload: parseJson(r.payload),
      }));
    },
  };
}

export type CommissioningRepo = ReturnType<typeof commissioningRepo>;
