import * as z from 'zod/mini';

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
  /** A review item was already approved or returned (by someone else, or in another tab). */
  REVIEW_CLOSED: { status: 409, title: 'Review item already resolved', retryable: false },
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

export const ErrorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  /** Import row errors (IMPORT_INVALID): 1-based line of the file and the column as named in its header. */
  line: z.optional(z.number().check(z.int(), z.positive())),
  column: z.optional(z.string()),
});
export type FieldError = z.infer<typeof FieldError>;

/**
 * One entry of a problem's `errors` as a client reads it: a field error, or an import row error
 * (`{line, column?, code, message}`, design §9) which may come without `path`.
 */
export const ProblemError = z.extend(FieldError, { path: z.optional(z.string()) });
export type ProblemError = z.infer<typeof ProblemError>;

/** application/problem+json body. Extra top-level members (e.g. `expectedSeq`) are allowed. */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().check(z.int()),
  code: z.string(),
  detail: z.string(),
  retryable: z.boolean(),
  errors: z.optional(z.array(ProblemError)),
});
export type Problem = z.infer<typeof Problem>;

/**
 * Turns zod issues into the `errors` list of a problem: dotted path, code, message. The code is zod's issue code,
 * or for a custom check the stable code it names in `params.code` (e.g. `invalid_text`, ./wireText.ts).
 */
export function fieldErrorsFromZod(error: z.core.$ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    code: issueCode(issue),
    message: issue.message,
  }));
}

function issueCode(issue: z.core.$ZodIssue): string {
  const named: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
  return typeof named === 'string' ? named : issue.code;
}
