import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestContexts } from './requestContext';

/** What pino-http hands the line builders: the response time, under the key we log it as. */
interface Timing {
  durationMs: number;
}

/**
 * One log line per request (pino-http): id, user, method, route, status, duration in whole milliseconds. Never
 * headers, bodies or query strings: the line is built here from these fields alone, and the request's child logger
 * binds only its id. A request the client abandoned before the answer was sent says `request aborted`.
 */
export function requestLog(logger: Logger, contexts: RequestContexts): RequestHandler {
  const line = (req: Request, res: Response, { durationMs }: Timing) => {
    const info = contexts.get(req);
    return {
      userId: info.auth?.user.id ?? null,
      method: req.method,
      route: info.route,
      // originalUrl: a request still inside a mounted router (aborted there) has its mount path cut from req.path.
      path: info.route === null ? req.originalUrl.split('?', 1)[0] : undefined,
      status: res.statusCode,
      durationMs,
    };
  };
  return pinoHttp<Request, Response>({
    logger,
    // pino-http binds the whole request to a child logger per request, serialized (headers too) even when, as here,
    // that child is never used: no request serializer, so none is built (about 8 µs a request).
    wrapSerializers: false,
    serializers: { req: () => undefined },
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'reqId', responseTime: 'durationMs' },
    genReqId: (req, res) => {
      const { id } = contexts.get(req);
      res.set('X-Request-Id', id);
      return id;
    },
    customSuccessObject: line,
    customErrorObject: (req, res, _error, timing: Timing) => line(req, res, timing),
    customSuccessMessage: (_req, res) => (res.writableEnded ? 'request' : 'request aborted'),
    customErrorMessage: () => 'request',
  });
}
