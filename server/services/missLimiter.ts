import type { Clock } from './clock';

export interface MissRule {
  /** Misses allowed per address inside the window; past it every lookup from the address is refused until it ends. */
  maxMisses: number;
  windowMs: number;
}

/** Addresses tracked at most; past it the oldest window is dropped (memory stays bounded under a spray of addresses). */
const MAX_ADDRESSES = 10_000;

/**
 * Misses per address in fixed windows, in this process's memory: for lookups where a miss costs one indexed read
 * (the customer's copy, issue 15 §3). The 256-bit tokens make guessing hopeless anyway; this keeps a scanner from
 * turning misses into load. A hit is never counted.
 */
export function createMissLimiter(clock: Clock, rule: MissRule) {
  const windows = new Map<string, { startMs: number; misses: number }>();

  function current(address: string): { startMs: number; misses: number } | undefined {
    const entry = windows.get(address);
    if (entry !== undefined && clock.now().getTime() - entry.startMs >= rule.windowMs) {
      windows.delete(address);
      return undefined;
    }
    return entry;
  }

  return {
    /** Seconds to wait when the address has used up its misses, else null. */
    blocked(address: string): number | null {
      const entry = current(address);
      if (entry === undefined || entry.misses < rule.maxMisses) return null;
      return Math.max(1, Math.ceil((entry.startMs + rule.windowMs - clock.now().getTime()) / 1000));
    },
    miss(address: string): void {
      const entry = current(address) ?? { startMs: clock.now().getTime(), misses: 0 };
      entry.misses += 1;
      windows.delete(address);
      if (windows.size >= MAX_ADDRESSES) windows.delete(windows.keys().next().value ?? '');
      windows.set(address, entry);
    },
  };
}

export type MissLimiter = ReturnType<typeof createMissLimiter>;
