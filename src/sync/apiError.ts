import { ERROR_CATALOGUE, type ErrorCode } from '../domain/protocol/errorCatalogue';
import type { FieldError } from '../domain/protocol/errors';
import type { ImportRowError } from '../domain/workOrder/imports';

/**
 * Failures the client detects itself, beside the server's catalogue (design §7):
 * - OFFLINE: the request never got an HTTP answer (no network, DNS, connection reset);
 * - TIMEOUT: no answer within the request timeout;
 * - BAD_RESPONSE: an answer that is not what the contract says (captive portal page, proxy error).
 */
export const CLIENT_ERROR_CODES = ['OFFLINE', 'TIMEOUT', 'BAD_RESPONSE'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** Every failed API call ends as one of these values; nothing the network does throws. */
export interface ApiError {
  /** A catalogue code, a client code, or an unknown code a newer server sent. */
  code: ErrorCode | ClientErrorCode | (string & {});
  /** HTTP status, or null when there was no HTTP answer. */
  status: number | null;
  retryable: boolean;
  detail?: string;
  /** From `Retry-After` (429, 503). */
  retryAfterMs?: number;
  fieldErrors?: FieldError[];
  /** IMPORT_INVALID: every row error with its line and column, as the server sent them. */
  rowErrors?: ImportRowError[];
  /** SYNC_OUT_OF_ORDER: the seq the server wants next (a top-level member of the problem body). */
  expectedSeq?: number;
}

/**
 * The server does not speak this app's sync protocol (426 CLIENT_OUTDATED, design §5): only loading the app again
 * (its update) helps. Not a refusal of the data: the outbox is kept whole and sent once a version is accepted.
 */
export function isClientOutdated(error: Pick<ApiError, 'code'>): boolean {
  return error.code === 'CLIENT_OUTDATED';
}

export function clientError(code: ClientErrorCode): ApiError {
  // Each of them may be gone on the next try (signal comes back, portal accepted, proxy fixed).
  return { code, status: null, retryable: true };
}

/** When an error answer carries no problem body, derive its code from the status alone. */
export function errorFromStatus(status: number): ApiError {
  const fallback: ErrorCode =
    status === 401
      ? 'UNAUTHENTICATED'
      : status === 429
        ? 'RATE_LIMITED'
        : status === 502 || status === 503 || status === 504
          ? 'UNAVAILABLE'
          : status >= 500
            ? 'INTERNAL'
            : status === 404
              ? 'NOT_FOUND'
              : status === 403
                ? 'FORBIDDEN'
                : status === 413
                  ? 'PAYLOAD_TOO_LARGE'
                  : // 426 means nothing else here: even if a proxy dropped the problem body, the remedy is the same.
                    status === 426
                    ? 'CLIENT_OUTDATED'
                    : 'VALIDATION_FAILED';
  return { code: fallback, status, retryable: ERROR_CATALOGUE[fallback].retryable };
}

/** `Retry-After` as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
