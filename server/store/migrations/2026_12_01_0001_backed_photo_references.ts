import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * From this version on a photo reference counts only when the record's technician uploaded the photo (issue 13:
 * a photo's SHA-256 quoted in one's own completion used to open another team's photo, and its media status told
 * whether the photo existed). Two steps, the same on SQLite and PostgreSQL:
 * - every photo's first uploader (`photos.uploaded_by`) is in `photo_uploaders`, which is now what is checked;
 * - a completion marked complete while one of its photos was never uploaded by its technician goes back to
 *   `partial`: it waits for that technician's bytes, as a new one now does.
 */
export function backedPhotoReferencesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`insert into photo_uploaders (photo_id, user_id, received_at)
        select p.id, p.uploaded_by, p.received_at from photos p
        where not exists (select 1 from photo_uploaders u where u.photo_id = p.id and u.user_id = p.uploaded_by)`.execute(db);
      await sql`update completions set media_status = 'partial'
        where media_status = 'complete' and exists (
          select 1 from photo_refs r
          where r.owner_kind = 'completion' and r.owner_id = completions.id
            and not exists (select 1 from photo_uploaders u where u.photo_id = r.photo_id and u.user_id = completions.technician_id))`.execute(db);
    },
  };
}
