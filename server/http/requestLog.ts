import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { RequestContexts } from './requestContext';

/** One log line per request: id, user, method, route, status, duration. Never headers, bodies or query strings. */
export function requestLog(logger: Logger, contexts: RequestContexts): RequestHandler {
  return (req, res, next) => {
    const info = contexts.get(req);
    res.set('X-Request-Id', info.id);
    res.on('finish', () => {
      logger.info({
        reqId: info.id,
        userId: info.auth?.user.id ?? null,
        method: req.method,
        route: info.route,
        path: info.route === null ? req.path : undefined,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - info.startedAt) * 10) / 10,
      }, 'request');
    });
    next();
  };
}
