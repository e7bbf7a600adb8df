import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isTransientStoreError } from '../store/errors';
import { JSON_MAX_DEPTH, JSON_TOO_DEEP } from './jsonBody';
import { AppError, sendProblem } from './problem';
import type { RequestContexts } from './requestContext';

/** Seconds a client waits before retrying after a database outage. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The shape of body-parser's errors (http-errors with a `type`). */
interface ParserError {
  type: string;
  status: number;
}

function isParserError(error: unknown): error is ParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof error.type === 'string' &&
    'status' in error &&
    typeof error.status === 'number'
  );
}

/** Maps what body parsing reports to the catalogue; null when it is not a parser error. */
function fromParserError(error: unknown): AppError | null {
  if (!isParserError(error)) return null;
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('VALIDATION_FAILED', 'The body is not valid JSON.', {
        errors: [{ path: '(body)', code: 'invalid_json', message: 'Malformed JSON.' }],
      });
    case JSON_TOO_DEEP:
      return new AppError('VALIDATION_FAILED', `The body nests arrays or objects more than ${JSON_MAX_DEPTH} levels deep.`, {
        errors: [{ path: '(body)', code: 'too_deep', message: `Nested deeper than ${JSON_MAX_DEPTH} levels.` }],
      });
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8 JSON, without content encoding.');
    default:
      return error.status >= 400 && error.status < 500
        ? new AppError('VALIDATION_FAILED', 'The request body could not be read.', {
            errors: [{ path: '(body)', code: error.type, message: 'Unreadable body.' }],
          })
        : null;
  }
}

/** The router cannot percent-decode a path parameter (`/photos/%zz`): bad input, not a bug. */
function fromBadPathEncoding(error: unknown): AppError | null {
  if (!(error instanceof URIError)) return null;
  return new AppError('VALIDATION_FAILED', 'The path is not validly percent-encoded.', {
    errors: [{ path: '(path)', code: 'invalid_encoding', message: 'Malformed percent-encoding in the path.' }],
  });
}

/** `/api/*` paths no route answered. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No endpoint ${req.method} ${req.path}.`));
};

/**
 * The one place errors become HTTP answers: application/problem+json with a stable code. Bugs become a
 * generic 500 whose stack goes to the log only; database outages a retryable 503.
 *
 * The rule for `retryable` (the catalogue, src/domain/protocol/errors.ts, holds it per code): only 503 UNAVAILABLE
 * (with Retry-After) and 429 RATE_LIMITED, plus 409 SYNC_OUT_OF_ORDER which the client answers by resending from
 * `expectedSeq`. A 500 is never retryable: it is a bug, and the same bytes will meet the same bug again, so a client
 * that resent them on a timer would wait behind them for ever (a device's outbox did, before issue 13). Bad input is
 * never a 500 at all: the body parser limits size and depth, every wire string obeys src/domain/protocol/wireText.ts, and an
 * error that is not a known one is a bug to fix, not an answer to design around.
 */
export function errorHandler(logger: Logger, contexts: RequestContexts): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a problem body: let Express close the connection.
      next(error);
      return;
    }
    const known = error instanceof AppError ? error : (fromParserError(error) ?? fromBadPathEncoding(error));
    if (known) {
      sendProblem(res, known);
      return;
    }
    if (isTransientStoreError(error)) {
      logger.warn({ err: error, reqId: contexts.get(req).id, path: req.path }, 'database unavailable');
      sendProblem(
        res,
        new AppError('UNAVAILABLE', 'The database is unavailable; try again shortly.', {
          retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        }),
      );
      return;
    }
    logger.error({ err: error, reqId: contexts.get(req).id, method: req.method, path: req.path }, 'unhandled error');
    sendProblem(res, new AppError('INTERNAL', 'Something went wrong on the server. It has been logged.'));
  };
}
