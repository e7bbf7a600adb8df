import { createHash } from 'node:crypto';
import type { BucketState, LoginLimitsRepo } from '../store/loginLimits';
import type { Clock } from './clock';

export interface RateLimitRule {
  /** Attempts allowed inside the window, failed or still being checked; the next one is refused. */
  maxAttempts: number;
  windowMs: number;
}

/** What a successful sign-in does to a bucket: forgive its failures, or only take back its own attempt. */
export type OnSuccess = 'clear' | 'release';

export interface LimitedBucket {
  kind: 'username' | 'address' | 'device';
  /** The username, address or device id; stored only as a hash. */
  value: string;
  rule: RateLimitRule;
  onSuccess: OnSuccess;
}

/** An attempt counted in every bucket it belongs to: settle it once, after the password check. */
export interface Reservation {
  /** The password was wrong (or the user unknown or inactive). */
  failed(): Promise<void>;
  /** The password was right. */
  succeeded(): Promise<void>;
  /** The check never finished (an error): take the attempt back rather than hold its place until the window ends. */
  abandoned(): Promise<void>;
}

export type ReserveOutcome = { allowed: true; reservation: Reservation } | { allowed: false; retryAfterSeconds: number };

/** Retry-After when only attempts still being checked fill a bucket: they settle within a password check or two. */
const IN_FLIGHT_RETRY_SECONDS = 1;
/** Ended windows are deleted at most this often per process (a refused or settled attempt never waits for it). */
const SWEEP_INTERVAL_MS = 60 * 1000;

const bucketKey = (b: Pick<LimitedBucket, 'kind' | 'value'>): string => `${b.kind}:${createHash('sha256').update(b.value).digest('hex')}`;

/**
 * Sign-in limits shared by every server process through the database (issue 13 §6). An attempt is counted BEFORE its
 * password is checked, in one atomic statement per sign-in, and refused when the bucket already holds `maxAttempts`
 * failures and attempts in flight: however many guesses arrive at once, on however many processes, at most
 * `maxAttempts` are checked per bucket and window. A refused attempt is taken back at once (it cost no password check),
 * a failed one stays as a failure until the window ends, a successful one is taken back or clears the bucket.
 */
export function createLoginLimiter(repo: LoginLimitsRepo, clock: Clock) {
  let lastSweepMs = Number.NEGATIVE_INFINITY;

  async function sweepNow(nowMs: number): Promise<void> {
    if (nowMs - lastSweepMs < SWEEP_INTERVAL_MS) return;
    lastSweepMs = nowMs;
    await repo.sweep(nowMs);
  }

  async function reserve(buckets: readonly LimitedBucket[]): Promise<ReserveOutcome> {
    const nowMs = clock.now().getTime();
    await sweepNow(nowMs);
    const keyed = buckets.map((b) => ({ ...b, key: bucketKey(b) }));
    const states = await repo.reserve(
      keyed.map((b) => ({ key: b.key, windowMs: b.rule.windowMs })),
      nowMs,
    );
    const stateOf = new Map<string, BucketState>(states.map((s) => [s.key, s]));
    const counted = keyed.map((b) => {
      const state = stateOf.get(b.key);
      if (!state) throw new Error('login limiter: a bucket was not counted');
      return { ...b, state };
    });
    const full = counted.filter((b) => b.state.failures + b.state.pending > b.rule.maxAttempts);
    if (full.length > 0) {
      await repo.release(counted.map((b) => b.state));
      const waits = full.map((b) =>
        b.state.failures >= b.rule.maxAttempts ? Math.ceil((b.state.windowEndsMs - nowMs) / 1000) : IN_FLIGHT_RETRY_SECONDS,
      );
      return { allowed: false, retryAfterSeconds: Math.max(1, ...waits) };
    }
    return {
      allowed: true,
      reservation: {
        failed: () => repo.fail(counted.map((b) => b.state)),
        succeeded: async () => {
          await repo.clear(counted.filter((b) => b.onSuccess === 'clear').map((b) => b.key));
          await repo.release(counted.filter((b) => b.onSuccess === 'release').map((b) => b.state));
        },
        abandoned: () => repo.release(counted.map((b) => b.state)),
      },
    };
  }

  return { reserve };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
