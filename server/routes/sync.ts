import { ROLES } from '../../src/domain/auth';
import { PullQuery, type PullResponse } from '../../src/domain/sync';
import { AppError } from '../http/problem';
import { guardedRoute, type Api } from '../http/route';
import type { PullService } from '../services/pullService';

/** The sync protocol's pull half (design §5); every signed-in user pulls their own feed. */
export function syncRoutes(api: Api, pull: PullService): void {
  guardedRoute(api, ROLES, {
    method: 'get',
    path: '/sync/pull',
    query: PullQuery,
    handle: async ({ res, auth, query }) => {
      const result = await pull.pull(auth, query);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies PullResponse);
    },
  });
}
