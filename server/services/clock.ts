/** The time source of the server; tests pass a fake one through createApp's deps. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
