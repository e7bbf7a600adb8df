import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * What the push protocol and photo upload need beyond the initial model (design §5, §6):
 * - `completions.installed_serial`, indexed, so "installed serial already installed elsewhere" is one lookup;
 * - `visits.payload`, the failed visit's full args (photo ids, called, gps) as the device sent them;
 * - `photo_refs`: which completion or visit references which photo, joining photos that arrive before or after
 *   their record (media status) and deciding who may see a photo;
 * - `photo_uploaders`: every user who uploaded a photo (content-addressed: the same bytes are stored once).
 */
export function pushAndPhotosMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('completions').addColumn('installed_serial', 'text').execute();
      await db.schema.createIndex('completions_installed_serial').on('completions').columns(['installed_serial', 'is_primary']).execute();

      await db.schema
        .alterTable('visits')
        .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();

      await db.schema
        .createTable('photo_refs')
        .addColumn('photo_id', 'text', (c) => c.notNull())
        .addColumn('owner_kind', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
        .addPrimaryKeyConstraint('photo_refs_pk', ['photo_id', 'owner_kind', 'owner_id'])
        .execute();
      await db.schema.createIndex('photo_refs_owner').on('photo_refs').columns(['owner_kind', 'owner_id']).execute();

      await db.schema
        .createTable('photo_uploaders')
        .addColumn('photo_id', 'text', (c) => c.notNull().references('photos.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('photo_uploaders_pk', ['photo_id', 'user_id'])
        .execute();
    },
  };
}
