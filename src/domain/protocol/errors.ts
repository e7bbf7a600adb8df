import * as z from 'zod/mini';

// The catalogue itself is plain data in ./errorCatalogue.ts: the first screen maps statuses and codes with it
// without loading a schema. The problem's schemas below are built on it.
import { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from './errorCatalogue';

export { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode };

export const ErrorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  /** Import row errors (IMPORT_INVALID): 1-based line of the file and the column as named in its header. */
  line: z.optional(z.number().check(z.int(), z.positive())),
  column: z.optional(z.string()),
  /** Import row errors: what the error is about, for a translated sentence (ImportErrorParams in src/domain/workOrder/imports.ts). */
  params: z.optional(z.record(z.string(), z.unknown())),
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
