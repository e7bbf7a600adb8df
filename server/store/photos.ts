import type { Kysely } from 'kysely';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import type { SqlDialect } from './dialect';
import { advisoryLocks, LOCK_CLASS } from './locks';
import type { PhotoRecord, PhotoRef } from './records';
import type { Database } from './schema';

export function photosRepo(db: Kysely<Database>, dialect: SqlDialect) {
  return {
    async findById(id: string): Promise<PhotoRecord | undefined> {
      const row = await db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, bytes: row.bytes, mime: row.mime, uploadedBy: row.uploaded_by, receivedAt: row.received_at };
    },

    /** Which of `ids` are stored. */
    async findExisting(ids: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (const batch of chunks(ids, INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('photos').select('id').where('id', 'in', batch).execute();
        for (const row of rows) found.add(row.id);
      }
      return found;
    },

    /** Inserts the photo row unless it exists; answers whether this call inserted it. Write it only once the blob is durable. */
    async insertMissing(photo: PhotoRecord): Promise<boolean> {
      const result = await db
        .insertInto('photos')
        .values({
          id: photo.id,
          bytes: photo.bytes,
          mime: photo.mime,
          uploaded_by: photo.uploadedBy,
          received_at: photo.receivedAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /**
     * Inserts the rows of `photos` that do not exist yet, in id order (two transactions inserting overlapping sets on
     * PostgreSQL then wait for each other in one order, never in a cycle); answers the ids this call inserted.
     * Write them only once their blobs are durable.
     */
    async insertMissingMany(photos: readonly PhotoRecord[]): Promise<Set<string>> {
      const inserted = new Set<string>();
      const sorted = [...new Map(photos.map((p) => [p.id, p])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const batch of chunks(sorted, INSERT_BATCH_ROWS)) {
        const rows = await db
          .insertInto('photos')
          .values(batch.map((p) => ({ id: p.id, bytes: p.bytes, mime: p.mime, uploaded_by: p.uploadedBy, received_at: p.receivedAt })))
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        for (const row of rows) inserted.add(row.id);
      }
      return inserted;
    },

    /** The stored type of each of `ids` that exists. */
    async mimesOf(ids: readonly string[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (const batch of chunks([...new Set(ids)], INSERT_BATCH_ROWS)) {
        for (const row of await db.selectFrom('photos').select(['id', 'mime']).where('id', 'in', batch).execute()) found.set(row.id, row.mime);
      }
      return found;
    },

    async addUploaders(uploads: readonly { photoId: string; userId: string; receivedAt: string }[]): Promise<void> {
      for (const batch of chunks(uploads, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('photo_uploaders')
          .values(batch.map((u) => ({ photo_id: u.photoId, user_id: u.userId, received_at: u.receivedAt })))
          .onConflict((oc) => oc.columns(['photo_id', 'user_id']).doNothing())
          .execute();
      }
    },

    async addUploader(photoId: string, userId: string, receivedAt: string): Promise<void> {
      await db
        .insertInto('photo_uploaders')
        .values({ photo_id: photoId, user_id: userId, received_at: receivedAt })
        .onConflict((oc) => oc.columns(['photo_id', 'user_id']).doNothing())
        .execute();
    },

    /**
     * Which of `ids` `userId` uploaded (any of a photo's uploaders counts: identical bytes are stored once). Only
     * these may back a reference in that user's records: quoting a hash is not having the photo.
     */
    async uploadedBy(ids: readonly string[], userId: string): Promise<Set<string>> {
      const found = new Set<string>();
      for (const batch of chunks([...new Set(ids)], INSERT_BATCH_ROWS)) {
        const rows = await db.selectFrom('photo_uploaders').select('photo_id').where('user_id', '=', userId).where('photo_id', 'in', batch).execute();
        for (const row of rows) found.add(row.photo_id);
      }
      return found;
    },

    async isUploader(photoId: string, userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('photo_uploaders')
        .select('photo_id')
        .where('photo_id', '=', photoId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** See LOCK_CLASS.photo: taken by a completion (its photos) and by an upload (its photo), inside a transaction. */
    async lockIds(ids: readonly string[]): Promise<void> {
      await advisoryLocks(db, dialect, LOCK_CLASS.photo, ids);
    },

    async insertRefs(refs: readonly PhotoRef[]): Promise<void> {
      for (const batch of chunks(refs, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('photo_refs')
          .values(
            batch.map((r) => ({
              photo_id: r.photoId,
              owner_kind: r.ownerKind,
              owner_id: r.ownerId,
              work_order_id: r.workOrderId,
            })),
          )
          .onConflict((oc) => oc.columns(['photo_id', 'owner_kind', 'owner_id']).doNothing())
          .execute();
      }
    },

    /**
     * Work orders whose completions or visits reference the photo *and* whose technician uploaded it: the references
     * that grant sight of it. A reference to somebody else's photo (its hash quoted, the bytes never sent by the
     * record's technician) grants nothing, so a hash cannot be used as a key to another team's evidence.
     */
    async backedReferenceWorkOrderIds(photoId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('photo_refs as r')
        .leftJoin('completions as c', (join) => join.onRef('c.id', '=', 'r.owner_id').on('r.owner_kind', '=', 'completion'))
        .leftJoin('visits as v', (join) => join.onRef('v.id', '=', 'r.owner_id').on('r.owner_kind', '=', 'visit'))
        .innerJoin('photo_uploaders as u', (join) =>
          join
            .onRef('u.photo_id', '=', 'r.photo_id')
            .on((eb) => eb.or([eb('u.user_id', '=', eb.ref('c.technician_id')), eb('u.user_id', '=', eb.ref('v.technician_id'))])),
        )
        .select('r.work_order_id')
        .distinct()
        .where('r.photo_id', '=', photoId)
        .orderBy('r.work_order_id')
        .execute();
      return rows.map((r) => r.work_order_id);
    },

    /** Work orders whose completions or visits reference the photo, backed or not. */
    async referencingWorkOrderIds(photoId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('photo_refs')
        .select('work_order_id')
        .distinct()
        .where('photo_id', '=', photoId)
        .orderBy('work_order_id')
        .execute();
      return rows.map((r) => r.work_order_id);
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('photos')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  };
}

export type PhotosRepo = ReturnType<typeof photosRepo>;
