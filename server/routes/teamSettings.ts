import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { TeamSettingsService } from '../services/teamSettingsService';

/** A team's settings for the roadmap letter (issue 15 §2): its supervisors read them, admins edit them. */
export function teamSettingsRoutes(api: Api, settings: TeamSettingsService): void {
  route(api, 'teams.settings.get', async ({ auth, params }) => {
    const result = await settings.get(auth, params.id);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'teams.settings.update', async ({ auth, params, body }) => {
    const result = await settings.update(auth, params.id, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });
}
