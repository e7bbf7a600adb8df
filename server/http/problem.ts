import type { Response } from 'express';
import { ERROR_CATALOGUE, type ErrorCode, type FieldError, type Problem } from '../../src/domain/protocol/errors';
import type { Failure } from '../services/result';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Extra top-level members of the problem body, e.g. `expectedSeq`. */
  extras?: Record<string, unknown>;
  retryAfterSeconds?: number;
}

/** An expected HTTP failure with its catalogue code (design §7). The error handler is the one place that answers it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: AppErrorOptions = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
  }

  static fromFailure(failure: Failure): AppError {
    return new AppError(failure.code, failure.detail, {
      ...(failure.errors === undefined ? {} : { errors: failure.errors }),
      ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
      ...(failure.extras === undefined ? {} : { extras: failure.extras }),
    });
  }
}

export function problemOf(error: AppError): Problem {
  const entry = ERROR_CATALOGUE[error.code];
  return {
    ...error.options.extras,
    type: `urn:meter-swap:problem:${error.code}`,
    title: entry.title,
    status: entry.status,
    code: error.code,
    detail: error.detail,
    retryable: entry.retryable,
    ...(error.options.errors === undefined ? {} : { errors: error.options.errors }),
  };
}

export function sendProblem(res: Response, error: AppError): void {
  const problem = problemOf(error);
  if (error.options.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.options.retryAfterSeconds));
  res.status(problem.status).set('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
