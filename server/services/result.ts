import type { ErrorCode, FieldError } from '../../src/domain/errors';

/** An expected failure of a service, in the terms of the error catalogue; routes turn it into a problem response. */
export interface Failure {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  /** For RATE_LIMITED and UNAVAILABLE: when the client may try again. */
  retryAfterSeconds?: number;
  /** Extra top-level members of the problem body, e.g. `expectedSeq` of SYNC_OUT_OF_ORDER. */
  extras?: Record<string, unknown>;
}

/** Expected failures are values (style.md principle 2); only bugs and outages throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const success = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = (code: ErrorCode, detail: string, extra: Omit<Failure, 'code' | 'detail'> = {}): { ok: false; error: Failure } =>
  ({ ok: false, error: { code, detail, ...extra } });
