import type { Migration } from 'kysely';
import type { SqlDialect } from '../dialect';
import { initialMigration } from './2026_11_24_0001_initial';
import { pushAndPhotosMigration } from './2026_11_26_0001_push_and_photos';

/**
 * Every migration, keyed by its file name (dated, so lexical order is the order they run in).
 * Append only: a migration that has run anywhere is never edited; fix forward with a new file.
 */
export function migrationsFor(dialect: SqlDialect): Record<string, Migration> {
  return {
    '2026_11_24_0001_initial': initialMigration(dialect),
    '2026_11_26_0001_push_and_photos': pushAndPhotosMigration(),
  };
}
