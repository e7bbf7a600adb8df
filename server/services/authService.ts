import { randomBytes } from 'node:crypto';
import type { LoginRequest, Me } from '../../src/domain/auth';
import type { UserRecord } from '../store/records';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { hashPassword, verifyPassword } from './passwords';
import { FailureRateLimiter, type RateLimitRule } from './rateLimiter';
import { failure, success, type Result } from './result';
import { isWellFormedToken, newSessionToken, sessionIdOf } from './sessionTokens';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sliding expiry is refreshed at most this often, so ordinary requests do not all write to the database. */
const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;
/** Per username: guessing one account's password. */
export const LOGIN_LIMIT_PER_USERNAME: RateLimitRule = { maxFailures: 5, windowMs: 15 * 60 * 1000 };
/** Per address: spraying many accounts. Generous, because a whole team may share one carrier-grade NAT address. */
export const LOGIN_LIMIT_PER_ADDRESS: RateLimitRule = { maxFailures: 30, windowMs: 15 * 60 * 1000 };

export interface SessionSettings {
  idleDays: number;
  absoluteDays: number;
}

/** Who is calling, as every authenticated route sees it. */
export interface AuthContext {
  sessionId: string;
  user: Me;
}

export interface LoginSuccess {
  token: string;
  sessionId: string;
  me: Me;
  /** Absolute expiry: the cookie's lifetime. */
  expiresAt: Date;
}

export function toMe(user: UserRecord): Me {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    teamId: user.teamId,
    teamName: user.teamName,
  };
}

export function createAuthService(store: Store, clock: Clock, settings: SessionSettings) {
  const byUsername = new FailureRateLimiter(LOGIN_LIMIT_PER_USERNAME, clock);
  const byAddress = new FailureRateLimiter(LOGIN_LIMIT_PER_ADDRESS, clock);
  // Compared against when the username is unknown, so both failures cost the same time.
  let dummyHash: Promise<string> | undefined;
  const comparisonHash = (user: UserRecord | undefined): Promise<string> =>
    user ? Promise.resolve(user.passwordHash) : (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

  async function login(input: LoginRequest, address: string): Promise<Result<LoginSuccess>> {
    for (const verdict of [byUsername.check(input.username), byAddress.check(address)]) {
      if (!verdict.allowed) {
        return failure('RATE_LIMITED', 'Too many failed sign-in attempts; try again later.', {
          retryAfterSeconds: verdict.retryAfterSeconds,
        });
      }
    }
    const user = await store.users.findByUsername(input.username);
    const passwordMatches = await verifyPassword(input.password, await comparisonHash(user));
    if (!user || !passwordMatches || !user.active) {
      byUsername.recordFailure(input.username);
      byAddress.recordFailure(address);
      // One answer for unknown user, wrong password and deactivated account: nothing to enumerate.
      return failure('INVALID_CREDENTIALS', 'Wrong username or password.');
    }
    byUsername.reset(input.username);
    const now = clock.now();
    const { token, id } = newSessionToken();
    const expiresAt = new Date(now.getTime() + settings.absoluteDays * DAY_MS);
    await store.sessions.insert({
      id,
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      lastSeenAt: now.toISOString(),
    });
    return success({ token, sessionId: id, me: toMe(user), expiresAt });
  }

  /** The session a cookie token names, if it is still valid; expired sessions are deleted on sight. */
  async function authenticate(token: string | undefined): Promise<AuthContext | null> {
    if (token === undefined || !isWellFormedToken(token)) return null;
    const sessionId = sessionIdOf(token);
    const session = await store.sessions.findById(sessionId);
    if (!session) return null;
    const now = clock.now();
    const idleExpiry = Date.parse(session.lastSeenAt) + settings.idleDays * DAY_MS;
    const absoluteExpiry = Date.parse(session.expiresAt);
    const user = now.getTime() < Math.min(idleExpiry, absoluteExpiry) ? await store.users.findById(session.userId) : undefined;
    if (!user?.active) {
      await store.sessions.delete(sessionId);
      return null;
    }
    if (now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS) {
      await store.sessions.touch(sessionId, now.toISOString());
    }
    return { sessionId, user: toMe(user) };
  }

  async function logout(sessionId: string): Promise<void> {
    await store.sessions.delete(sessionId);
  }

  return { login, authenticate, logout };
}

export type AuthService = ReturnType<typeof createAuthService>;
