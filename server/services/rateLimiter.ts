import type { Clock } from './clock';

export interface RateLimitRule {
  /** Failures allowed inside the window; the next attempt is refused. */
  maxFailures: number;
  windowMs: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Upper bound on tracked keys, so a flood of distinct usernames cannot grow memory without limit. */
const MAX_KEYS = 50_000;

/**
 * Sliding-window counter of failures per key (username or address), in memory: one server process,
 * and a restart forgiving everyone is acceptable. Created per app, never shared through module state.
 */
export class FailureRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly rule: RateLimitRule, private readonly clock: Clock) {}

  check(key: string): RateLimitVerdict {
    const recent = this.recent(key);
    if (recent.length < this.rule.maxFailures) return { allowed: true };
    const oldest = recent[0] ?? this.clock.now().getTime();
    const retryAfterMs = oldest + this.rule.windowMs - this.clock.now().getTime();
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now().getTime());
    this.failures.set(key, recent);
    if (this.failures.size > MAX_KEYS) this.sweep();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.rule.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }

  /** Drops keys whose failures have all aged out; if still too many, the oldest keys go first. */
  private sweep(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
    const excess = this.failures.size - MAX_KEYS;
    if (excess <= 0) return;
    const keys = [...this.failures.keys()].slice(0, excess);
    for (const key of keys) this.failures.delete(key);
  }
}
