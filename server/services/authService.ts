import { randomBytes } from 'node:crypto';
import type { LoginRequest, Me } from '../../src/domain/users/auth';
import type { UserRecord } from '../store/records';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { createLoginLimiter, type LimitedBucket, type RateLimitRule } from './loginLimiter';
import { hashPassword, verifyPassword } from './passwords';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';
import { isWellFormedToken, newSessionToken, sessionIdOf } from './sessionTokens';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sliding expiry is refreshed at most this often, so ordinary requests do not all write to the database. */
const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;
/** Per username, from browsers that have not signed in as that user before: guessing one account's password. */
export const LOGIN_LIMIT_PER_USERNAME: RateLimitRule = { maxAttempts: 5, windowMs: 15 * 60 * 1000 };
/** Per address: spraying many accounts. Generous, because a whole team may share one carrier-grade NAT address. */
export const LOGIN_LIMIT_PER_ADDRESS: RateLimitRule = { maxAttempts: 30, windowMs: 15 * 60 * 1000 };
/** Per trusted device (one that signed in as the user before): its own mistypes, apart from strangers' guesses. */
export const LOGIN_LIMIT_PER_DEVICE: RateLimitRule = { maxAttempts: 5, windowMs: 15 * 60 * 1000 };
/** A device stays trusted this long after its last successful sign-in. */
export const DEVICE_TOKEN_DAYS = 365;
/** Devices remembered per user; the oldest is forgotten first. */
const DEVICES_PER_USER = 10;

/** Checks a password against a stored hash; injectable so tests can count the checks. */
export type PasswordVerifier = (password: string, storedHash: string) => Promise<boolean>;

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
  /** The device token to set (or set again) as the browser's long-lived device cookie. */
  device: { token: string; expiresAt: Date };
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

export function createAuthService(store: Store, clock: Clock, settings: SessionSettings, verify: PasswordVerifier = verifyPassword) {
  const limiter = createLoginLimiter(store.loginLimits, clock);
  // Compared against when the username is unknown, so both failures cost the same time.
  let dummyHash: Promise<string> | undefined;
  const comparisonHash = (user: UserRecord | undefined): Promise<string> =>
    user ? Promise.resolve(user.passwordHash) : (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

  /**
   * The device id a device cookie names when it is a token this server issued to this very user and it has not
   * expired; otherwise null (a made-up token, another user's, an old one). Never creates anything.
   */
  async function trustedDevice(token: string | undefined, user: UserRecord | undefined, now: Date): Promise<string | null> {
    if (token === undefined || !isWellFormedToken(token)) return null;
    // Looked up whether or not the user exists, so a well-formed cookie takes the same time for a made-up username.
    const device = await store.loginLimits.findDevice(sessionIdOf(token));
    return user !== undefined && device?.userId === user.id && Date.parse(device.expiresAt) > now.getTime() ? device.id : null;
  }

  /**
   * Signs in. The attempt is reserved in its limit buckets before the password is checked (see ./loginLimiter.ts).
   * A browser carrying a valid device token for this user (OWASP "device cookies") is counted in a bucket of its
   * own: a burst of guesses from anywhere else fills the username's bucket and the address's, never the device's, so
   * the technician's own phone still signs in. Every other attempt counts per username and per address.
   */
  async function login(input: LoginRequest, address: string, deviceToken?: string): Promise<Result<LoginSuccess>> {
    const user = await store.users.findByUsername(input.username);
    const deviceId = await trustedDevice(deviceToken, user, clock.now());
    const buckets: LimitedBucket[] =
      deviceId !== null
        ? [{ kind: 'device', value: deviceId, rule: LOGIN_LIMIT_PER_DEVICE, onSuccess: 'clear' }]
        : [
            { kind: 'username', value: input.username, rule: LOGIN_LIMIT_PER_USERNAME, onSuccess: 'clear' },
            { kind: 'address', value: address, rule: LOGIN_LIMIT_PER_ADDRESS, onSuccess: 'release' },
          ];
    const reserved = await limiter.reserve(buckets);
    if (!reserved.allowed) {
      return failure('RATE_LIMITED', 'Too many failed sign-in attempts; try again later.', {
        retryAfterSeconds: reserved.retryAfterSeconds,
      });
    }
    let passwordMatches: boolean;
    try {
      passwordMatches = await verify(input.password, await comparisonHash(user));
    } catch (error) {
      await reserved.reservation.abandoned();
      throw error;
    }
    if (!user || !passwordMatches || !user.active) {
      await reserved.reservation.failed();
      // One answer for unknown user, wrong password and deactivated account: nothing to enumerate.
      return failure('INVALID_CREDENTIALS', 'Wrong username or password.');
    }
    await reserved.reservation.succeeded();
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
    // A trusted device keeps its token (its expiry slides); any other browser gets a new one, bound to this user.
    // Device tokens are the same kind of opaque token as sessions: 32 random bytes, only their SHA-256 stored.
    const device = deviceId !== null && deviceToken !== undefined ? { token: deviceToken, id: deviceId } : newSessionToken();
    const deviceExpiresAt = new Date(now.getTime() + DEVICE_TOKEN_DAYS * DAY_MS);
    await store.loginLimits.saveDevice(
      { id: device.id, userId: user.id, createdAt: now.toISOString(), expiresAt: deviceExpiresAt.toISOString() },
      DEVICES_PER_USER,
    );
    return ok({ token, sessionId: id, me: toMe(user), expiresAt, device: { token: device.token, expiresAt: deviceExpiresAt } });
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
