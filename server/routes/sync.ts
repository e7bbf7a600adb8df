import { z } from 'zod';
import {
  isUnsupportedProtocolVersion,
  MIN_SUPPORTED_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  PULL_PROTOCOL_VERSION_IF_ABSENT,
  PUSH_MAX_MUTATIONS,
} from '../../src/domain/protocol/mutations';
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

/** Only the version, read before anything else: an old client whose request no longer parses still learns why. */
const VersionField = z.looseObject({ protocolVersion: z.unknown() });
/** A query-string version that is a whole number (anything else is left to the schema: 400). */
const INTEGER_TEXT = /^[+-]?\d{1,15}$/;

/** 426 CLIENT_OUTDATED for a protocol version outside the supported range (design §5, §7). */
function refuseUnsupportedVersion(version: unknown): void {
  if (!isUnsupportedProtocolVersion(version)) return;
  throw new AppError(
    'CLIENT_OUTDATED',
    `This app speaks sync protocol version ${String(version)}; the server speaks ${MIN_SUPPORTED_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}. Load the app again to update it.`,
    { extras: { supported: { min: MIN_SUPPORTED_PROTOCOL_VERSION, max: PROTOCOL_VERSION } } },
  );
}

function versionOf(input: unknown): unknown {
  const parsed = VersionField.safeParse(input);
  return parsed.success ? parsed.data.protocolVersion : undefined;
}

function refuseUnsupportedPushVersion(body: unknown): void {
  refuseUnsupportedVersion(versionOf(body));
}

/** A pull without a version comes from a client older than the field: it speaks PULL_PROTOCOL_VERSION_IF_ABSENT. */
function refuseUnsupportedPullVersion(query: unknown): void {
  const text = versionOf(query);
  if (text === undefined) refuseUnsupportedVersion(PULL_PROTOCOL_VERSION_IF_ABSENT);
  else if (typeof text === 'string' && INTEGER_TEXT.test(text)) refuseUnsupportedVersion(Number(text));
}

/** The sync protocol (design §5); every signed-in user pushes and pulls their own client's data. */
export function syncRoutes(api: Api, pull: PullService, push: PushService): void {
  route(
    api,
    'sync.pull',
    async ({ auth, query }) => {
      const result = await pull.pull(auth, query);
      if (!result.ok) throw AppError.fromFailure(result.error);
      return result.value;
    },
    { beforeQuerySchema: refuseUnsupportedPullVersion },
  );

  // The 256 KB limit is the JSON body limit of every route (http/jsonBody.ts): over it, 413 before parsing.
  route(
    api,
    'sync.push',
    async ({ auth, body }) => {
      const result = await push.push(auth, body);
      if (!result.ok) throw AppError.fromFailure(result.error);
      return result.value;
    },
    {
      beforeBodySchema: (body) => {
        refuseUnsupportedPushVersion(body);
        refuseTooManyMutations(body);
      },
    },
  );
}
