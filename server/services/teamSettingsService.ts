import { defaultTeamSettings, type TeamLetterSettings, type TeamSettingsView } from '../../src/domain/campaign/letter';
import { ok } from '../../src/domain/protocol/result';
import type { TeamRecord } from '../store/records';
import type { Repos, Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { failure, type Result } from './result';

/** A team's letter settings as saved, or its defaults (issue 15 §2). */
export async function letterSettingsOf(
  tx: Pick<Repos, 'teamSettings'>,
  team: TeamRecord,
): Promise<{ settings: TeamLetterSettings; updatedAt: string | null }> {
  const stored = await tx.teamSettings.find(team.id);
  return stored === undefined ? { settings: defaultTeamSettings(team), updatedAt: null } : { settings: stored.settings, updatedAt: stored.updatedAt };
}

/** Supervisors read their own team's settings, admins any team's; another team's answers as an unknown one. */
const mayRead = (auth: AuthContext, teamId: string) => auth.user.role === 'admin' || (auth.user.role === 'supervisor' && auth.user.teamId === teamId);

const notFound = () => failure('NOT_FOUND', 'No such team.');

/** The team settings the roadmap letter reads: letterhead, number suffix, place, contact, signer, cashless options. */
export function createTeamSettingsService(store: Store, clock: Clock) {
  /** `GET /api/v1/teams/:id/settings` */
  async function get(auth: AuthContext, teamId: string): Promise<Result<TeamSettingsView>> {
    if (!mayRead(auth, teamId)) return notFound();
    return store.snapshot(async (tx) => {
      const team = await tx.teams.findById(teamId);
      if (team === undefined) return notFound();
      const { settings, updatedAt } = await letterSettingsOf(tx, team);
      return ok({ teamId, teamName: team.name, saved: updatedAt !== null, updatedAt, settings });
    });
  }

  /** `PUT /api/v1/teams/:id/settings` (admin): replaces the team's settings; audited with before and after. */
  async function update(auth: AuthContext, teamId: string, settings: TeamLetterSettings): Promise<Result<TeamSettingsView>> {
    return store.transaction(async (tx) => {
      const team = await tx.teams.findById(teamId);
      if (team === undefined) return notFound();
      const before = await tx.teamSettings.find(teamId);
      const at = clock.now().toISOString();
      await tx.teamSettings.save({ teamId, settings, updatedBy: auth.user.id, updatedAt: at });
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: 'team.settings.update',
          entity: 'team',
          entityId: teamId,
          before: before?.settings ?? null,
          after: settings,
          at,
        },
      ]);
      return ok({ teamId, teamName: team.name, saved: true, updatedAt: at, settings });
    });
  }

  return { get, update };
}

export type TeamSettingsService = ReturnType<typeof createTeamSettingsService>;
