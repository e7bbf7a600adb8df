import { sql, type Kysely } from 'kysely';
import { auditRepo } from './audit';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import { changesRepo } from './changes';
import { connect, type ConnectOptions } from './connect';
import type { SqlDialect } from './dialect';
import type { AuditEntry, NewChange } from './records';
import type { Database } from './schema';
import type { ImportedFields } from './workOrders';
import { workOrderSearchText } from './workOrderSearch';

/*
 * The write half of a CSV import (design §9), on a connection of its own (the import worker's).
 *
 * Rows are first staged in a TEMPORARY table: it belongs to this one connection, so staging takes no lock on the
 * shared tables (SQLite writes it to its own temp file; PostgreSQL keeps it in the session) and two imports never
 * see each other's rows. If the process dies half-way, the database drops the table with the connection: nothing
 * to clean up and nothing visible. Publishing is then one transaction of set-based statements (update the codes
 * that exist, insert the rest, append the feed and the audit), which is what everybody else waits for, instead of
 * the whole parse-validate-write of the file.
 */

/** One staged row: a validated CSV row with the id and code it will have if it creates a work order. */
export interface StagedRow {
  line: number;
  id: string;
  code: string;
  fields: ImportedFields;
}

/** A staged row whose code names a work order the import may not touch (another team, or visited already). */
export interface StagedConflict {
  line: number;
  code: string;
  teamId: string | null;
  status: string;
}

export interface PublishOutcome {
  created: number;
  updated: number;
}

interface ImportStagingTable {
  line: number;
  id: string;
  code: string;
  customer_code: string;
  customer_name: string;
  phone: string | null;
  address: string;
  commune: string;
  hamlet: string | null;
  district: string | null;
  province: string;
  lat: number;
  lng: number;
  station_code: string | null;
  route_code: string | null;
  route_order: number | null;
  phases: number;
  old_meter_serial: string;
  old_meter_type: string | null;
  last_billed_reading: number | null;
  reason: string | null;
  planned_date: string | null;
  search_text: string;
}

type StagingDatabase = Database & { import_staging: ImportStagingTable };

function toStagingRow(row: StagedRow): ImportStagingTable {
  const f = row.fields;
  return {
    line: row.line,
    id: row.id,
    code: row.code,
    customer_code: f.customerCode,
    customer_name: f.customerName,
    phone: f.phone,
    address: f.address,
    commune: f.commune,
    hamlet: f.hamlet ?? null,
    district: f.district ?? null,
    province: f.province,
    lat: f.lat,
    lng: f.lng,
    station_code: f.stationCode,
    route_code: f.routeCode,
    route_order: f.routeOrder,
    phases: f.phases,
    old_meter_serial: f.oldMeterSerial,
    old_meter_type: f.oldMeterType,
    last_billed_reading: f.lastBilledReading,
    reason: f.reason,
    planned_date: f.plannedDate,
    search_text: workOrderSearchText({ ...f, code: row.code }),
  };
}

export interface PublishInput {
  teamId: string;
  at: string;
  /** The audit entry of the import; its `after` is completed with the counts. */
  audit: (outcome: PublishOutcome) => AuditEntry;
  /**
   * Decides whether the conflicts found under lock stop the import: returning true rolls everything back.
   * Called with every staged row whose code belongs to a work order the import may not update.
   */
  refuse: (conflicts: readonly StagedConflict[]) => boolean;
  /** Runs just before the publishing transaction begins (SQLite: the main process closes its write gate). */
  beforePublish?: () => Promise<void>;
}

/** A staging area on a connection of its own: `stage` rows in any number of calls, then `publish` them at once. */
export interface ImportStaging {
  readonly dialect: SqlDialect;
  stage(rows: readonly StagedRow[]): Promise<void>;
  /** Publishes every staged row in one transaction; null when `refuse` rolled it back. */
  publish(input: PublishInput): Promise<PublishOutcome | null>;
  /** After a publish, before the API's writers go on: moves the write-ahead log into the database (SQLite). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

class Refused extends Error {}

/**
 * Opens the staging area on a new connection to the same database (one connection: the temporary table lives in
 * it). Call `close` at the end: it drops the table with the connection.
 */
export async function openImportStaging(location: ConnectOptions): Promise<ImportStaging> {
  const { db: base, dialect } = await connect({ ...location, poolSize: 1 });
  const db: Kysely<StagingDatabase> = base.$extendTables<{ import_staging: ImportStagingTable }>();
  try {
    await db.schema
      .createTable('import_staging')
      .temporary()
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().primaryKey())
      .addColumn('customer_code', 'text', (c) => c.notNull())
      .addColumn('customer_name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('commune', 'text', (c) => c.notNull())
      .addColumn('hamlet', 'text')
      .addColumn('district', 'text')
      .addColumn('province', 'text', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lng', 'double precision', (c) => c.notNull())
      .addColumn('station_code', 'text')
      .addColumn('route_code', 'text')
      .addColumn('route_order', 'integer')
      .addColumn('phases', 'integer', (c) => c.notNull())
      .addColumn('old_meter_serial', 'text', (c) => c.notNull())
      .addColumn('old_meter_type', 'text')
      .addColumn('last_billed_reading', 'double precision')
      .addColumn('reason', 'text')
      .addColumn('planned_date', 'text')
      .addColumn('search_text', 'text', (c) => c.notNull())
      .execute();
  } catch (error) {
    await base.destroy();
    throw error;
  }

  return {
    dialect,

    async stage(rows) {
      for (const batch of chunks(rows, INSERT_BATCH_ROWS)) {
        await db.insertInto('import_staging').values(batch.map(toStagingRow)).execute();
      }
    },

    async publish(input) {
      await input.beforePublish?.();
      try {
        return await base.transaction().execute(async (plain) => {
          const trx = plain.$extendTables<{ import_staging: ImportStagingTable }>();
          // SQLite: a write first, so the transaction holds the write lock from here on and what it reads below
          // cannot go stale under it (a deferred transaction that read first could not upgrade later).
          if (dialect === 'sqlite') await sql`update work_orders set version = version where 1 = 0`.execute(trx);
          // PostgreSQL: the rows about to be updated are locked first, so a push completing one of them waits
          // (or has committed, and the check below sees it): the same guarantee as a row-by-row import.
          if (dialect === 'postgres') {
            await trx
              .selectFrom('work_orders')
              .select('id')
              .where('code', 'in', trx.selectFrom('import_staging').select('code'))
              .forUpdate()
              .execute();
          }
          const conflicts = await trx
            .selectFrom('import_staging as s')
            .innerJoin('work_orders as w', 'w.code', 's.code')
            .select(['s.line', 's.code', 'w.team_id', 'w.status'])
            .where((eb) =>
              eb.or([eb('w.team_id', 'is', null), eb('w.team_id', '!=', input.teamId), eb('w.status', 'not in', ['unassigned', 'assigned'])]),
            )
            .orderBy('s.line')
            .execute();
          if (input.refuse(conflicts.map((c) => ({ line: c.line, code: c.code, teamId: c.team_id, status: c.status })))) throw new Refused();

          const updated = await trx
            .updateTable('work_orders')
            .from('import_staging as s')
            .whereRef('work_orders.code', '=', 's.code')
            .set((eb) => ({
              customer_code: eb.ref('s.customer_code'),
              customer_name: eb.ref('s.customer_name'),
              phone: eb.ref('s.phone'),
              address: eb.ref('s.address'),
              commune: eb.ref('s.commune'),
              hamlet: eb.ref('s.hamlet'),
              district: eb.ref('s.district'),
              province: eb.ref('s.province'),
              lat: eb.ref('s.lat'),
              lng: eb.ref('s.lng'),
              station_code: eb.ref('s.station_code'),
              route_code: eb.ref('s.route_code'),
              route_order: eb.ref('s.route_order'),
              phases: eb.ref('s.phases'),
              old_meter_serial: eb.ref('s.old_meter_serial'),
              old_meter_type: eb.ref('s.old_meter_type'),
              last_billed_reading: eb.ref('s.last_billed_reading'),
              reason: eb.ref('s.reason'),
              // An empty planned date in the file keeps the one set by an assignment.
              planned_date: eb.fn.coalesce('s.planned_date', 'work_orders.planned_date'),
              search_text: eb.ref('s.search_text'),
              version: eb('work_orders.version', '+', 1),
              updated_at: input.at,
            }))
            .executeTakeFirst();
          // The assignees of updated orders get the change, in the file's order (before the inserts: those have none).
          const notify = await trx
            .selectFrom('import_staging as s')
            .innerJoin('work_orders as w', 'w.code', 's.code')
            .select(['w.id', 'w.assignee_id', 'w.version'])
            .where('w.assignee_id', 'is not', null)
            .orderBy('s.line')
            .execute();
          const inserted = await trx
            .insertInto('work_orders')
            .columns([
              'id',
              'code',
              'customer_code',
              'customer_name',
              'phone',
              'address',
              'commune',
              'hamlet',
              'district',
              'province',
              'lat',
              'lng',
              'station_code',
              'route_code',
              'route_order',
              'phases',
              'old_meter_serial',
              'old_meter_type',
              'last_billed_reading',
              'reason',
              'planned_date',
              'search_text',
              'status',
              'assignee_id',
              'team_id',
              'version',
              'created_at',
              'updated_at',
            ])
            .expression(
              trx
                .selectFrom('import_staging as s')
                .select((eb) => [
                  's.id',
                  's.code',
                  's.customer_code',
                  's.customer_name',
                  's.phone',
                  's.address',
                  's.commune',
                  's.hamlet',
                  's.district',
                  's.province',
                  's.lat',
                  's.lng',
                  's.station_code',
                  's.route_code',
                  's.route_order',
                  's.phases',
                  's.old_meter_serial',
                  's.old_meter_type',
                  's.last_billed_reading',
                  's.reason',
                  's.planned_date',
                  's.search_text',
                  eb.val('unassigned').as('status'),
                  sql<string | null>`null`.as('assignee_id'),
                  eb.val(input.teamId).as('team_id'),
                  eb.val(1).as('version'),
                  eb.val(input.at).as('created_at'),
                  eb.val(input.at).as('updated_at'),
                ])
                .where((eb) => eb.not(eb.exists(eb.selectFrom('work_orders as w').select('w.id').whereRef('w.code', '=', 's.code'))))
                .orderBy('s.line'),
            )
            .executeTakeFirst();
          const outcome = { created: Number(inserted.numInsertedOrUpdatedRows ?? 0), updated: Number(updated.numUpdatedRows) };
          await auditRepo(plain).append([input.audit(outcome)]);
          // Last, as store.transaction does: on PostgreSQL the feed's order lock is held only from here to commit.
          const changes: NewChange[] = notify.flatMap((n) =>
            n.assignee_id === null
              ? []
              : [
                  {
                    recipientUserId: n.assignee_id,
                    entity: 'workOrder' as const,
                    entityId: n.id,
                    op: 'upsert' as const,
                    entityVersion: n.version,
                  },
                ],
          );
          await changesRepo(plain, dialect).append(changes, input.at);
          return outcome;
        });
      } catch (error) {
        if (error instanceof Refused) return null;
        throw error;
      }
    },

    async checkpoint() {
      if (dialect !== 'sqlite') return;
      // The publish left the whole import in SQLite's write-ahead log, and SQLite copies it into the database on
      // some later commit, synchronously: on the API's thread, that copy of a 200,000-row import stops the event
      // loop for seconds. Copied here instead, by the worker, while the API's writers still wait at the gate.
      // PASSIVE never blocks the API's readers; a reader in the way only means another round.
      for (let round = 0; round < 50; round += 1) {
        const { rows } = await sql<{ busy: number; log: number; checkpointed: number }>`pragma wal_checkpoint(passive)`.execute(base);
        const [state] = rows;
        if (state === undefined || state.checkpointed >= state.log) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },

    async close() {
      await base.destroy();
    },
  };
}
