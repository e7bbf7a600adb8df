import type { ErrorCode, FieldError } from '../../src/domain/protocol/errors';
import { err, type Result as DomainResult } from '../../src/domain/protocol/result';

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

/**
 * A service's answer: the domain's `Result` (src/domain/protocol/result.ts, the one shape both sides use) with a Failure as
 * its error. Build it with the domain's `ok` and with `failure` below.
 */
export type Result<T> = DomainResult<T, Failure>;

/** `err` of a Failure: the catalogue code, what went wrong, and any field errors or extras. */
export const failure = (code: ErrorCode, detail: string, extra: Omit<Failure, 'code' | 'detail'> = {}): { ok: false; error: Failure } =>
  err({ code, detail, ...extra });
