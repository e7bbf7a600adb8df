import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Sign-in limits every server process shares (issue 13 §6):
 * - `login_attempts`: one row per bucket (a username, an address or a trusted device, each as a SHA-256 key, so the
 *   table holds neither usernames nor addresses in clear). `pending` counts attempts reserved and being checked,
 *   `failures` those that failed, both within the window that ends at `window_ends_ms` (epoch milliseconds: the
 *   limiter's arithmetic happens in the one upsert, which is easier on a number than on ISO text).
 * - `login_devices`: the SHA-256 of each device token (the long-lived cookie a browser gets at a successful sign-in),
 *   bound to its user: attempts carrying it are counted per device, so strangers' guesses cannot lock it out.
 */
export function loginLimitsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('pending', 'integer', (c) => c.notNull())
        .addColumn('window_ends_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_window_ends').on('login_attempts').column('window_ends_ms').execute();
      await db.schema
        .createTable('login_devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_devices_user').on('login_devices').columns(['user_id', 'expires_at']).execute();
    },
  };
}
