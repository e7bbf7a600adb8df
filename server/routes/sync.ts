import { z } from 'zod';
import { PUSH_MAX_MUTATIONS } from '../../src/domain/mutations';
import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { PullService } from '../services/pullService';
import type { PushService } from '../services/sync/pushService';

/** Only the batch size, checked before the full schema: more than the limit is "too large" (413), not "invalid" (400). */
const BatchSize = z.looseObject({ mutations: z.array(z.unknown()).max(PUSH_MAX_MUTATIONS) });

function refuseTooManyMutations(body: unknown): void {
  const parsed = BatchSize.safeParse(body);
  if (!parsed.success && parsed.error.issues.some((i) => i.code === 'too_big' && i.path.length === 1)) {
    throw new AppError('PAYLOAD_TOO_LARGE', `A push carries at most ${PUSH_MAX_MUTATIONS} mutations; send the rest in the next one.`);
  }
}

/** The sync protocol (design §5); every signed-in user pushes and pulls their own client's data. */
export function syncRoutes(api: Api, pull: PullService, push: PushService): void {
  route(api, 'sync.pull', async ({ auth, query }) => {
    const result = await pull.pull(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  // The 256 KB limit is the JSON body limit of every route (http/jsonBody.ts): over it, 413 before parsing.
  route(api, 'sync.push', async ({ auth, body }) => {
    const result = await push.push(auth, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  }, { beforeBodySchema: refuseTooManyMutations });
}
