import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Team settings for the commune's roadmap letter (issue 15 §2): the letterhead (cơ quan chủ quản and issuing body),
 * the number's suffix (ký hiệu), the place the letter is written, the team's contact, the signer and the cashless
 * payment options. One row per team, written by an admin; a team without a row prints with defaults drawn from its
 * name and province (src/domain/campaign/letter.ts). The lists (signer's title lines, payment options) are JSON text.
 */
export function teamSettingsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('team_settings')
        .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id'))
        .addColumn('parent_body', 'text', (c) => c.notNull())
        .addColumn('issuing_body', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('contact_name', 'text', (c) => c.notNull())
        .addColumn('contact_phone', 'text', (c) => c.notNull())
        .addColumn('signer_name', 'text', (c) => c.notNull())
        .addColumn('signer_title', 'text', (c) => c.notNull())
        .addColumn('payment_options', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
