import type { TeamLetterSettings, TeamSettingsView } from '../domain/campaign/letter';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/teams/:id/settings`: the team's letter settings, or its defaults when none are saved. */
export function fetchTeamSettings(api: ApiClient, teamId: string): Promise<ApiResult<TeamSettingsView>> {
  return callEndpoint(api, 'teams.settings.get', { params: { id: teamId } });
}

/** `PUT /api/v1/teams/:id/settings` (admin): replaces the team's letter settings. */
export function saveTeamSettings(api: ApiClient, teamId: string, settings: TeamLetterSettings): Promise<ApiResult<TeamSettingsView>> {
  return callEndpoint(api, 'teams.settings.update', { params: { id: teamId }, json: settings });
}
