/** First retry after a failure waits at least this long. */
export const BACKOFF_BASE_MS = 1_000;
/** No retry waits longer than this: a technician who walks into signal syncs within minutes. */
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * "Full jitter" backoff: the ceiling doubles per consecutive failure (1 s, 2 s, 4 s … 5 min)
 * and the delay is uniform between the base and that ceiling, so a village of phones that lost
 * signal together does not come back in lockstep. `random` is in [0, 1).
 */
export function backoffDelayMs(failures: number, random: number): number {
  const exponent = Math.max(0, failures - 1);
  // 2^20 s is far past the cap; stopping there keeps the arithmetic finite.
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 20));
  return Math.round(BACKOFF_BASE_MS + random * (ceiling - BACKOFF_BASE_MS));
}
