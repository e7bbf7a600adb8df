/** Randomness comes through here so backoff jitter and ids are reproducible in tests. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A RFC 4122 version 4 UUID. */
  uuid(): string;
}

export const systemRandom: Random = {
  next: () => Math.random(),
  uuid: () => crypto.randomUUID(),
};
