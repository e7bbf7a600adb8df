/**
 * The one error catalogue (design §7). The server maps these to HTTP in one place;
 * the PWA maps `code` to a Vietnamese message through i18n (`errors.<CODE>`).
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, title: 'Validation failed', retryable: false },
  UNAUTHENTICATED: { status: 401, title: 'Sign-in required', retryable: false },
  INVALID_CREDENTIALS: { status: 401, title: 'Wrong username or password', retryable: false },
  FORBIDDEN: { status: 403, title: 'Not allowed', retryable: false },
  CLIENT_USER_MISMATCH: { status: 403, title: 'Client belongs to another user', retryable: false },
  ORIGIN_MISMATCH: { status: 403, title: 'Request from another origin', retryable: false },
  NOT_FOUND: { status: 404, title: 'Not found', retryable: false },
  SYNC_OUT_OF_ORDER: { status: 409, title: 'Mutation sequence out of order', retryable: true },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large', retryable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', retryable: false },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Sequence number reused with another mutation', retryable: false },
  PHOTO_DIGEST_MISMATCH: { status: 422, title: 'Photo bytes do not match their id', retryable: false },
  /** The bytes sniff as an image but are not a whole, valid one (damaged data, a bad header, cut short). */
  PHOTO_UNREADABLE: { status: 422, title: 'Image cannot be read', retryable: false },
  IMPORT_INVALID: { status: 422, title: 'Import file has errors', retryable: false },
  /**
   * Reading an import file ended the import's worker (it outgrew the worker's memory): nothing was imported, and the
   * same bytes would end the same way, so never retryable; split the file.
   */
  IMPORT_ABORTED: { status: 422, title: 'Import file could not be read to the end', retryable: false },
  /** A review item was already approved or returned (by someone else, or in another tab). */
  REVIEW_CLOSED: { status: 409, title: 'Review item already resolved', retryable: false },
  /**
   * A record's decision named other open items than the record has now (a flag arrived since the supervisor looked):
   * nothing was settled; look at the record again and decide.
   */
  REVIEW_CHANGED: { status: 409, title: 'The record changed since it was shown', retryable: false },
  /** A roadmap asks for a day before today (in Vietnam): the problem's `fields` name the days at fault. */
  ROADMAP_DATE_PAST: { status: 422, title: 'Planned date is in the past', retryable: false },
  /**
   * A roadmap names orders that are no longer plannable or not in the commune, or a technician not in the team:
   * the problem's `fields` name them; propose again from the orders as they are now.
   */
  ROADMAP_STALE: { status: 409, title: 'Work orders or team changed since the plan was made', retryable: false },
  /** A commune's letter or announcement asked for before its roadmap was confirmed: confirm it on "Lộ trình" first. */
  ROADMAP_NOT_PLANNED: { status: 409, title: 'The commune has no confirmed roadmap yet', retryable: false },
  /** A notice receipt whose X-Notify-Signature is missing or does not match its body (issue 15 §3). */
  NOTICE_SIGNATURE_INVALID: { status: 401, title: 'The receipt is not signed with the notice secret', retryable: false },
  /** A notice receipt signed more than five minutes from now: a replay, or a gateway clock far off. */
  NOTICE_SIGNATURE_EXPIRED: { status: 401, title: 'The receipt signature is too old or too new', retryable: false },
  /**
   * The client's protocol version is outside what the server speaks (design §5): the problem carries
   * `supported: {min, max}`; the remedy is to load the app the server serves, so resending never helps.
   */
  CLIENT_OUTDATED: { status: 426, title: 'Client version not supported', retryable: false },
  RATE_LIMITED: { status: 429, title: 'Too many requests', retryable: true },
  /** A bug: the same request meets it again, so it is never retryable (server/http/errorHandler.ts states the rule). */
  INTERNAL: { status: 500, title: 'Internal error', retryable: false },
  UNAVAILABLE: { status: 503, title: 'Service unavailable', retryable: true },
} as const satisfies Record<string, { status: number; title: string; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
