import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { CUSTOMER_COPY_PATH } from '../../src/domain/campaign/customerCopy';
import { CUSTOMER_COPY_CSS, CUSTOMER_COPY_CSS_PATH, customerCopyHtml, customerCopyNotFoundHtml } from '../customerCopy/html';
import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { CustomerCopyService } from '../services/customerCopyService';
import type { MissLimiter } from '../services/missLimiter';

/** Misses per address: 30 in 10 minutes, then every lookup from it waits for the window to end. */
export const CUSTOMER_COPY_MISS_RULE = { maxMisses: 30, windowMs: 10 * 60 * 1000 };

const CSS_ETAG = `"${createHash('sha256').update(CUSTOMER_COPY_CSS).digest('base64url').slice(0, 27)}"`;

/** `POST` / `DELETE /api/v1/completions/:id/customer-copy`: a supervisor issues or revokes the customer's link. */
export function customerCopyApiRoutes(api: Api, copies: CustomerCopyService): void {
  route(api, 'completions.customerCopy.issue', async ({ req, auth, params }) => {
    const result = await copies.issue(auth, params.id);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return {
      url: `${req.protocol}://${req.get('host') ?? 'localhost'}${CUSTOMER_COPY_PATH}/${result.value.token}`,
      expiresAt: result.value.expiresAt,
    };
  });

  route(api, 'completions.customerCopy.revoke', async ({ res, auth, params }) => {
    const result = await copies.revoke(auth, params.id);
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(204).end();
  });
}

/** A page of one household's record: kept by no browser or proxy, sent nowhere as a referrer, indexed by no robot. */
function privateHeaders(res: Response): void {
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'no-referrer');
  res.set('X-Robots-Tag', 'noindex, nofollow');
}

/**
 * `/bien-ban/<token>` (HTML) and `/bien-ban/<token>.pdf`: the customer's copy, no session. Mounted as middleware on
 * `/bien-ban` outside the API. Only those two shapes of path exist: anything else under /bien-ban (other segments,
 * dot segments, a malformed token) is the same 404 page as an unknown, expired or revoked token.
 */
export function customerCopyPageRoutes(copies: CustomerCopyService, limiter: MissLimiter): RequestHandler {
  const cssName = CUSTOMER_COPY_CSS_PATH.slice(CUSTOMER_COPY_PATH.length);
  const notFound = (res: Response) => {
    privateHeaders(res);
    res.status(404).type('text/html; charset=utf-8').send(customerCopyNotFoundHtml());
  };
  const address = (req: Request) => req.ip ?? 'unknown';
  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (req.path === cssName) {
      res.set('Cache-Control', 'public, max-age=300');
      res.set('ETag', CSS_ETAG);
      res.type('text/css; charset=utf-8').send(CUSTOMER_COPY_CSS);
      return;
    }
    const wait = limiter.blocked(address(req));
    if (wait !== null) {
      privateHeaders(res);
      res.set('Retry-After', String(wait));
      res.status(429).type('text/plain; charset=utf-8').send('Quá nhiều lần thử. Xin thử lại sau.');
      return;
    }
    // req.path is the raw path (Express does not resolve dot segments): one exact shape or nothing.
    const match = /^\/([A-Za-z0-9_-]{43})(\.pdf)?$/.exec(req.path);
    const copy = match?.[1] === undefined ? null : await copies.open(match[1]);
    if (match === null || copy === null) {
      limiter.miss(address(req));
      notFound(res);
      return;
    }
    if (match[2] === '.pdf') {
      const pdf = await copies.pdfOf(copy);
      if (!pdf.ok) throw AppError.fromFailure(pdf.error);
      privateHeaders(res);
      res.type('application/pdf').set('Content-Disposition', `inline; filename="${pdf.value.filename}"`).send(pdf.value.bytes);
      return;
    }
    privateHeaders(res);
    res.type('text/html; charset=utf-8').send(customerCopyHtml(copy, `${match[1]}.pdf`));
  };
}
