import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { UserAdminService } from '../services/userAdminService';

/** Accounts and teams (design §9): users are the admin's; supervisors may read their own team. */
export function userRoutes(api: Api, users: UserAdminService): void {
  route(api, 'users.list', () => users.list());

  route(api, 'users.create', async ({ auth, body }) => {
    const result = await users.create(auth, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'users.update', async ({ auth, params, body }) => {
    const result = await users.update(auth, params.id, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'users.endSessions', async ({ res, auth, params }) => {
    const result = await users.endSessions(auth, params.id);
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(204).end();
  });

  route(api, 'teams.list', ({ auth }) => users.teams(auth));
}
