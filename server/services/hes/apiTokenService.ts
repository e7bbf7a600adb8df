import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { API_TOKEN_PATTERN, type ApiTokenCreated, type ApiTokenList, type ApiTokenView } from '../../../src/domain/commissioning/commissioningApi';
import { ok } from '../../../src/domain/protocol/result';
import type { ApiTokenRecord } from '../../store/commissioning';
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { failure, type Result } from '../result';

/*
 * API tokens for integrations (issue 17 §2): an admin creates one by name, for one scope (the head-end's readings);
 * it is shown once (`hes_` + 32 random bytes, base64url) and only its SHA-256 is stored; revoking it stops it at
 * the next request. Creating and revoking are audited. A token is never a person's session: it opens only the
 * endpoint of its scope, and a session cookie never opens that endpoint.
 */

export const HES_SCOPE = 'hes.readings';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function createApiTokenService(store: Store, clock: Clock) {
  async function view(records: readonly ApiTokenRecord[]): Promise<ApiTokenView[]> {
    const creators = new Map<string, string>();
    for (const id of new Set(records.flatMap((r) => (r.createdBy === null ? [] : [r.createdBy])))) {
      const user = await store.users.findById(id);
      if (user) creators.set(id, user.displayName);
    }
    return records.map((r) => ({
      id: r.id,
      name: r.name,
      scope: 'hes.readings',
      createdAt: r.createdAt,
      createdByName: r.createdBy === null ? null : (creators.get(r.createdBy) ?? null),
      lastUsedAt: r.lastUsedAt,
      revokedAt: r.revokedAt,
    }));
  }

  async function list(): Promise<ApiTokenList> {
    return { tokens: await view(await store.commissioning.listTokens()) };
  }

  async function create(auth: AuthContext, name: string): Promise<ApiTokenCreated> {
    const at = clock.now().toISOString();
    const token = `hes_${randomBytes(32).toString('base64url')}`;
    const record: ApiTokenRecord = {
      id: randomUUID(),
      name,
      scope: HES_SCOPE,
      tokenHash: hashOf(token),
      createdBy: auth.user.id,
      createdAt: at,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    await store.transaction(async (tx) => {
      await tx.commissioning.insertToken(record);
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: 'apiToken.create',
          entity: 'api_token',
          entityId: record.id,
          before: null,
          after: { name, scope: HES_SCOPE },
          at,
        },
      ]);
    });
    const [shown] = await view([record]);
    if (shown === undefined) throw new Error('token view missing');
    return { ...shown, token };
  }

  async function revoke(auth: AuthContext, id: string): Promise<Result<null>> {
    const at = clock.now().toISOString();
    return store.transaction(async (tx) => {
      const found = await tx.commissioning.findToken(id);
      if (found === undefined) return failure('NOT_FOUND', 'No such API token.');
      if (await tx.commissioning.revokeToken(id, at, auth.user.id)) {
        await tx.audit.append([
          {
            actorId: auth.user.id,
            action: 'apiToken.revoke',
            entity: 'api_token',
            entityId: id,
            before: { name: found.name },
            after: { revokedAt: at },
            at,
          },
        ]);
      }
      return ok(null);
    });
  }

  /**
   * The live token of `scope` an `Authorization: Bearer …` header names, or UNAUTHENTICATED (missing, malformed,
   * unknown, revoked, or for another scope: one answer, so a caller learns nothing about other tokens).
   */
  async function authenticate(header: string | undefined, scope: string): Promise<Result<ApiTokenRecord>> {
    const refused = failure('UNAUTHENTICATED', 'Send a live API token of this endpoint as "Authorization: Bearer hes_…".');
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    const token = match?.[1];
    if (token === undefined || !API_TOKEN_PATTERN.test(token)) return refused;
    const record = await store.commissioning.findTokenByHash(hashOf(token));
    if (record === undefined || record.revokedAt !== null || record.scope !== scope) return refused;
    await store.commissioning.touchToken(record.id, clock.now().toISOString());
    return ok(record);
  }

  return { list, create, revoke, authenticate };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
