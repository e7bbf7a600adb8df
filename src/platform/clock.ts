/** Time comes through here so tests can fake it (style.md §6: never through globals). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` once after `delayMs`; returns the function that cancels it. */
  schedule(callback: () => void, delayMs: number): Cancel;
}

export type Cancel = () => void;

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule: (callback, delayMs) => {
    const handle = globalThis.setTimeout(callback, delayMs);
    return () => {
      globalThis.clearTimeout(handle);
    };
  },
};
