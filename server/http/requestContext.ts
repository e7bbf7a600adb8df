import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { AuthContext } from '../services/authService';

/** What the server learns about one request as it passes the middleware. */
export interface RequestInfo {
  id: string;
  /** Route pattern once a route matched (for logs), e.g. `/api/v1/sync/pull`. */
  route: string | null;
  auth: AuthContext | null;
}

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Per-request state, keyed by the request object and owned by one app instance (no module-level state,
 * no `any`-typed res.locals).
 */
export class RequestContexts {
  private readonly byRequest = new WeakMap<Request, RequestInfo>();

  get(req: Request): RequestInfo {
    let info = this.byRequest.get(req);
    if (!info) {
      const incoming = req.get('x-request-id');
      info = {
        id: incoming !== undefined && INCOMING_ID.test(incoming) ? incoming : randomUUID(),
        route: null,
        auth: null,
      };
      this.byRequest.set(req, info);
    }
    return info;
  }
}
