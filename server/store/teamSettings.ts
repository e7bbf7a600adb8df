import type { Kysely } from 'kysely';
import type { TeamLetterSettings } from '../../src/domain/campaign/letter';
import { stringsFromJson, toJson } from './json';
import type { Database } from './schema';

/** A team's saved letter settings (issue 15 §2) and when they were last saved. */
export interface StoredTeamSettings {
  teamId: string;
  settings: TeamLetterSettings;
  updatedBy: string | null;
  updatedAt: string;
}

export function teamSettingsRepo(db: Kysely<Database>) {
  return {
    async find(teamId: string): Promise<StoredTeamSettings | undefined> {
      const row = await db.selectFrom('team_settings').selectAll().where('team_id', '=', teamId).executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        teamId: row.team_id,
        settings: {
          parentBody: row.parent_body,
          issuingBody: row.issuing_body,
          symbol: row.symbol,
          place: row.place,
          contactName: row.contact_name,
          contactPhone: row.contact_phone,
          signerName: row.signer_name,
          signerTitle: stringsFromJson(row.signer_title),
          paymentOptions: stringsFromJson(row.payment_options),
        },
        updatedBy: row.updated_by,
        updatedAt: row.updated_at,
      };
    },

    /** Saves a team's settings, replacing what it had. */
    async save(s: StoredTeamSettings): Promise<void> {
      const values = {
        parent_body: s.settings.parentBody,
        issuing_body: s.settings.issuingBody,
        symbol: s.settings.symbol,
        place: s.settings.place,
        contact_name: s.settings.contactName,
        contact_phone: s.settings.contactPhone,
        signer_name: s.settings.signerName,
        signer_title: toJson(s.settings.signerTitle),
        payment_options: toJson(s.settings.paymentOptions),
        updated_by: s.updatedBy,
        updated_at: s.updatedAt,
      };
      await db
        .insertInto('team_settings')
        .values({ team_id: s.teamId, ...values })
        .onConflict((oc) => oc.column('team_id').doUpdateSet(values))
        .execute();
    },
  };
}

export type TeamSettingsRepo = ReturnType<typeof teamSettingsRepo>;
