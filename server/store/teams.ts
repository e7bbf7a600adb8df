import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { TeamRecord } from './records';

export function teamsRepo(db: Kysely<Database>) {
  return {
    async findById(id: string): Promise<TeamRecord | undefined> {
      return db.selectFrom('teams').select(['id', 'name', 'province']).where('id', '=', id).executeTakeFirst();
    },

    async listAll(): Promise<TeamRecord[]> {
      return db.selectFrom('teams').select(['id', 'name', 'province']).orderBy('name').execute();
    },

    async findByNames(names: readonly string[]): Promise<TeamRecord[]> {
      if (names.length === 0) return [];
      return db.selectFrom('teams').select(['id', 'name', 'province']).where('name', 'in', names).execute();
    },

    /** Inserts the teams whose name is free; existing teams are left as they are. */
    async insertMissing(teams: readonly TeamRecord[], createdAt: string): Promise<void> {
      if (teams.length === 0) return;
      await db
        .insertInto('teams')
        .values(teams.map((t) => ({ id: t.id, name: t.name, province: t.province, created_at: createdAt })))
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    },
  };
}

export type TeamsRepo = ReturnType<typeof teamsRepo>;
