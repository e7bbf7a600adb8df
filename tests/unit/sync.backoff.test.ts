import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelayMs } from '../../src/sync';

describe('backoff with full jitter', () => {
  it('waits exactly the base after the first failure', () => {
    expect(backoffDelayMs(1, 0)).toBe(BACKOFF_BASE_MS);
    expect(backoffDelayMs(1, 0.999)).toBe(BACKOFF_BASE_MS);
  });

  it('spreads each delay uniformly between 1 s and a doubling ceiling', () => {
    expect(backoffDelayMs(3, 0)).toBe(1_000);
    expect(backoffDelayMs(3, 0.5)).toBe(2_500);
    expect(backoffDelayMs(3, 1)).toBe(4_000);
  });

  it('never waits less than 1 s nor more than 5 min, however many failures', () => {
    for (let failures = 1; failures <= 200; failures++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.999999]) {
        const delay = backoffDelayMs(failures, r);
        expect(delay).toBeGreaterThanOrEqual(BACKOFF_BASE_MS);
        expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      }
    }
    expect(backoffDelayMs(50, 0.999999)).toBeGreaterThan(BACKOFF_CAP_MS - 1_000);
  });
});
