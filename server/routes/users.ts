import { z } from 'zod';
import { CreateUserRequest, type TeamList, UpdateUserRequest, type UserList, type UserView } from '../../src/domain/users';
import { AppError } from '../http/problem';
import { guardedRoute, type Api } from '../http/route';
import type { UserAdminService } from '../services/userAdminService';

const UserParams = z.object({ id: z.uuid() });

/** Accounts and teams (design §9): users are the admin's; supervisors may read their own team. */
export function userRoutes(api: Api, users: UserAdminService): void {
  guardedRoute(api, ['admin'], {
    method: 'get',
    path: '/users',
    handle: async ({ res }) => {
      res.json((await users.list()) satisfies UserList);
    },
  });

  guardedRoute(api, ['admin'], {
    method: 'post',
    path: '/users',
    body: CreateUserRequest,
    handle: async ({ res, auth, body }) => {
      const result = await users.create(auth, body);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.status(201).json(result.value satisfies UserView);
    },
  });

  guardedRoute(api, ['admin'], {
    method: 'patch',
    path: '/users/:id',
    params: UserParams,
    body: UpdateUserRequest,
    handle: async ({ res, auth, params, body }) => {
      const result = await users.update(auth, params.id, body);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies UserView);
    },
  });

  guardedRoute(api, ['admin'], {
    method: 'delete',
    path: '/users/:id/sessions',
    params: UserParams,
    handle: async ({ res, auth, params }) => {
      const result = await users.endSessions(auth, params.id);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.status(204).end();
    },
  });

  guardedRoute(api, ['supervisor', 'admin'], {
    method: 'get',
    path: '/teams',
    handle: async ({ res, auth }) => {
      res.json((await users.teams(auth)) satisfies TeamList);
    },
  });
}
