import type { Kysely, Selectable } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { SqlDialect } from './dialect';
import { fromJson, stringsFromJson, toJson } from './json';
import { advisoryLockGroups, LOCK_CLASS } from './locks';
import { MEDIA_STATUSES, type MediaStatus } from '../../src/domain/capture/photos';
import type { CompletionRecord } from './records';
import type { CompletionsTable, Database } from './schema';

function mediaStatus(value: string): MediaStatus {
  const found = MEDIA_STATUSES.find((s) => s === value);
  if (found === undefined) throw new Error(`completions.media_status holds unknown value ${value}`);
  return found;
}

/** A completion with its technician's display name (the review queue shows who did the work). */
export interface NamedCompletionRecord extends CompletionRecord {
  technicianName: string | null;
}

/** A counted completion that installed a serial, with its work order's identity (SERIAL_ALREADY_INSTALLED). */
export interface SerialHolderRecord {
  serial: string;
  completionId: string;
  workOrderId: string;
  workOrderCode: string;
  customerName: string;
  workOrderStatus: string;
  teamId: string | null;
  technicianName: string | null;
}

/** What an amendment (completion.amend) replaces in a stored completion. */
export interface CompletionAmendment {
  payload: unknown;
  flags: string[];
  installedSerial: string;
  mediaStatus: MediaStatus;
}

function toCompletion(row: Selectable<CompletionsTable>): CompletionRecord {
  return {
    id: row.id,
    workOrderId: row.work_order_id,
    technicianId: row.technician_id,
    clientId: row.client_id,
    primary: row.is_primary === 1,
    payload: fromJson(row.payload),
    mediaStatus: mediaStatus(row.media_status),
    receivedAt: row.received_at,
    capturedAt: row.captured_at,
    flags: stringsFromJson(row.flags),
    installedSerial: row.installed_serial,
  };
}

export function completionsRepo(db: Kysely<Database>, dialect: SqlDialect) {
  return {
    async findById(id: string): Promise<CompletionRecord | undefined> {
      const row = await db.selectFrom('completions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toCompletion(row);
    },

    /** The completion that counts for a work order (at most one; see setPrimary). */
    async findPrimaryForWorkOrder(workOrderId: string): Promise<CompletionRecord | undefined> {
      const row = await db
        .selectFrom('completions')
        .selectAll()
        .where('work_order_id', '=', workOrderId)
        .where('is_primary', '=', 1)
        .orderBy('received_at')
        .executeTakeFirst();
      return row && toCompletion(row);
    },

    /** A primary completion of another work order that installed this serial (fleet-wide uniqueness). */
    async findPrimaryByInstalledSerial(serial: string, exceptWorkOrderId: string): Promise<CompletionRecord | undefined> {
      const row = await db
        .selectFrom('completions')
        .selectAll()
        .where('installed_serial', '=', serial)
        .where('is_primary', '=', 1)
        .where('work_order_id', '!=', exceptWorkOrderId)
        .orderBy('received_at')
        .executeTakeFirst();
      return row && toCompletion(row);
    },

    /**
     * Serialises completions that install the same serial, then takes the photos' locks (photos.lockIds), in one
     * statement (PostgreSQL; SQLite has one writer): the order every writer of a completion takes them in, after
     * the work order's row.
     */
    async lockInstalledSerialAndPhotos(serial: string, photoIds: readonly string[]): Promise<void> {
      await advisoryLockGroups(db, dialect, [
        { lockClass: LOCK_CLASS.installedSerial, keys: [serial] },
        { lockClass: LOCK_CLASS.photo, keys: photoIds },
      ]);
    },

    /**
     * What swap.complete decides on, in one query: the completion already stored under `id`, the work order's
     * primary completion (findPrimaryForWorkOrder) and a primary completion of another work order that installed
     * `installedSerial` (findPrimaryByInstalledSerial). Call it holding the work order's row and the serial's lock.
     */
    async findForSwap(
      id: string,
      workOrderId: string,
      installedSerial: string,
    ): Promise<{ existing?: CompletionRecord; primary?: CompletionRecord; installedElsewhere?: CompletionRecord }> {
      const rows = await db
        .selectFrom('completions')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('id', '=', id),
            eb.and([eb('work_order_id', '=', workOrderId), eb('is_primary', '=', 1)]),
            eb.and([eb('installed_serial', '=', installedSerial), eb('is_primary', '=', 1)]),
          ]),
        )
        .orderBy('received_at')
        .execute();
      const found = rows.map(toCompletion);
      return {
        existing: found.find((c) => c.id === id),
        primary: found.find((c) => c.primary && c.workOrderId === workOrderId),
        installedElsewhere: found.find((c) => c.primary && c.installedSerial === installedSerial && c.workOrderId !== workOrderId),
      };
    },

    async listForWorkOrder(workOrderId: string): Promise<CompletionRecord[]> {
      const rows = await db
        .selectFrom('completions')
        .selectAll()
        .where('work_order_id', '=', workOrderId)
        .orderBy('received_at')
        .orderBy('id')
        .execute();
      return rows.map(toCompletion);
    },

    async findByIds(ids: readonly string[]): Promise<CompletionRecord[]> {
      const found: CompletionRecord[] = [];
      for (const batch of chunks(ids, INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('completions').selectAll().where('id', 'in', batch).execute();
        found.push(...rows.map(toCompletion));
      }
      return found;
    },

    /**
     * The completions a page of the review queue shows, with their technician's name, in one query per batch:
     * those named by id, and the primary completion of each listed work order.
     */
    async findForReview(ids: readonly string[], primaryOfWorkOrderIds: readonly string[]): Promise<NamedCompletionRecord[]> {
      if (ids.length === 0 && primaryOfWorkOrderIds.length === 0) return [];
      const rows = await db
        .selectFrom('completions')
        .leftJoin('users', 'users.id', 'completions.technician_id')
        .selectAll('completions')
        .select('users.display_name as technician_name')
        .where((eb) =>
          eb.or([
            ...(ids.length === 0 ? [] : [eb('completions.id', 'in', ids)]),
            ...(primaryOfWorkOrderIds.length === 0
              ? []
              : [eb.and([eb('completions.work_order_id', 'in', primaryOfWorkOrderIds), eb('completions.is_primary', '=', 1)])]),
          ]),
        )
        .execute();
      return rows.map((row) => ({ ...toCompletion(row), technicianName: row.technician_name }));
    },

    /** The primary completions that installed one of these serials, with their work orders, oldest first. */
    async findPrimaryHoldersOfSerials(serials: readonly string[]): Promise<SerialHolderRecord[]> {
      const found: SerialHolderRecord[] = [];
      for (const batch of chunks([...new Set(serials)], INSERT_BATCH_ROWS)) {
        const rows = await db
          .selectFrom('completions')
          .innerJoin('work_orders', 'work_orders.id', 'completions.work_order_id')
          .leftJoin('users', 'users.id', 'completions.technician_id')
          .select([
            'completions.installed_serial as serial',
            'completions.id as completion_id',
            'completions.work_order_id as work_order_id',
            'work_orders.code as code',
            'work_orders.customer_name as customer_name',
            'work_orders.status as status',
            'work_orders.team_id as team_id',
            'users.display_name as technician_name',
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
            workOrderCode: r.code,
            customerName: r.customer_name,
            workOrderStatus: r.status,
            teamId: r.team_id,
            technicianName: r.technician_name,
          });
        }
      }
      return found;
    },

    /** Replaces an amended completion's payload and what the server derived from it on receipt. */
    async amend(id: string, amendment: CompletionAmendment): Promise<void> {
      await db
        .updateTable('completions')
        .set({
          payload: toJson(amendment.payload),
          flags: toJson(amendment.flags),
          installed_serial: amendment.installedSerial,
          media_status: amendment.mediaStatus,
        })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Drops the photo references of a completion that its amended payload no longer names, so a photo that will
     * never arrive cannot keep it "awaiting photos". Call it holding the photos' locks (photos.lockIds).
     */
    async dropPhotoRefsExcept(id: string, keep: readonly string[]): Promise<void> {
      let query = db.deleteFrom('photo_refs').where('owner_kind', '=', 'completion').where('owner_id', '=', id);
      if (keep.length > 0) query = query.where('photo_id', 'not in', keep);
      await query.execute();
    },

    async insert(completion: CompletionRecord): Promise<void> {
      await db
        .insertInto('completions')
        .values({
          id: completion.id,
          work_order_id: completion.workOrderId,
          technician_id: completion.technicianId,
          client_id: completion.clientId,
          is_primary: completion.primary ? 1 : 0,
          payload: toJson(completion.payload),
          media_status: completion.mediaStatus,
          received_at: completion.receivedAt,
          captured_at: completion.capturedAt,
          flags: toJson(completion.flags),
          installed_serial: completion.installedSerial,
        })
        .execute();
    },

    async setPrimary(id: string, primary: boolean): Promise<void> {
      await db
        .updateTable('completions')
        .set({ is_primary: primary ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Marks `complete` every partial completion referencing one of `photoIds` whose referenced photos its technician
     * has now all uploaded. Call it holding the photos' locks (photos.lockIds), after recording the uploaders
     * (photos.addUploaders). One statement for a group of uploads committed together.
     */
    async markMediaCompleteFor(photoIds: readonly string[]): Promise<number> {
      if (photoIds.length === 0) return 0;
      // Two photos of one completion may arrive at once (the device uploads several at a time, other processes too). On PostgreSQL each
      // upload would check "all photos present?" before the other committed, and the completion would stay
      // partial for ever. Locking the referencing completions first makes the second upload wait; under READ
      // COMMITTED its next statement then sees the first upload's photo. SQLite has one writer at a time already.
      if (dialect === 'postgres') {
        await db
          .selectFrom('completions')
          .select('id')
          .where('id', 'in', db.selectFrom('photo_refs').select('owner_id').where('photo_id', 'in', photoIds).where('owner_kind', '=', 'completion'))
          .orderBy('id')
          .forUpdate()
          .execute();
      }
      const result = await db
        .updateTable('completions')
        .set({ media_status: 'complete' })
        .where('media_status', '=', 'partial')
        .where('id', 'in', db.selectFrom('photo_refs').select('owner_id').where('photo_id', 'in', photoIds).where('owner_kind', '=', 'completion'))
        // Complete once every referenced photo was uploaded by the completion's own technician (photos.uploadedBy):
        // somebody else's photo, its hash quoted, leaves the completion waiting for its technician's bytes.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('photo_refs as r')
                .leftJoin('photo_uploaders as u', (join) =>
                  join.onRef('u.photo_id', '=', 'r.photo_id').onRef('u.user_id', '=', 'completions.technician_id'),
                )
                .select('r.photo_id')
                .where('r.owner_kind', '=', 'completion')
                .whereRef('r.owner_id', '=', 'completions.id')
                .where('u.photo_id', 'is', null),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('completions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  };
}

export type CompletionsRepo = ReturnType<typeof completionsRepo>;
