import { z } from 'zod';
import { ROLES } from '../../src/domain/auth';
import { PUSH_MAX_MUTATIONS, PushRequest, type PushResponse } from '../../src/domain/mutations';
import { PullQuery, type PullResponse } from '../../src/domain/sync';
import { AppError } from '../http/problem';
import { guardedRoute, parseInput, type Api } from '../http/route';
import type { PullService } from '../services/pullService';
import type { PushService } from '../services/sync/pushService';

/** Only the batch size, checked before the full schema: more than the limit is "too large" (413), not "invalid" (400). */
const BatchSize = z.looseObject({ mutations: z.array(z.unknown()).max(PUSH_MAX_MUTATIONS) });

function tooManyMutations(body: unknown): boolean {
  const parsed = BatchSize.safeParse(body);
  return !parsed.success && parsed.error.issues.some((i) => i.code === 'too_big' && i.path.length === 1);
}

/** The sync protocol (design §5); every signed-in user pushes and pulls their own client's data. */
export function syncRoutes(api: Api, pull: PullService, push: PushService): void {
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

  // The 256 KB limit is the JSON body limit of every route (http/jsonBody.ts): over it, 413 before parsing.
  guardedRoute(api, ROLES, {
    method: 'post',
    path: '/sync/push',
    body: z.unknown(),
    handle: async ({ res, auth, body }) => {
      if (tooManyMutations(body)) {
        throw new AppError('PAYLOAD_TOO_LARGE', `A push carries at most ${PUSH_MAX_MUTATIONS} mutations; send the rest in the next one.`);
      }
      const result = await push.push(auth, parseInput(PushRequest, body, 'request body'));
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies PushResponse);
    },
  });
}
