import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import { PUBLIC_PAGE_CSS, PUBLIC_PAGE_CSS_PATH, publicNotFoundHtml, publicPageHtml } from '../publicPage/html';
import type { PublicPageService } from '../services/publicPageService';

/** Browsers and proxies may keep a public page five minutes; the server recomputes it at most once a minute. */
const PUBLIC_CACHE = 'public, max-age=300';
const CSS_ETAG = `"${createHash('sha256').update(PUBLIC_PAGE_CSS).digest('base64url').slice(0, 27)}"`;

function publicHeaders(res: Response, etag: string): void {
  res.set('Cache-Control', PUBLIC_CACHE);
  // Express answers 304 itself when the request's If-None-Match names this ETag (res.send checks req.fresh).
  res.set('ETag', etag);
}

/** `GET /api/v1/public/communes/:slug`: the JSON twin of the page, for integrators. */
export function publicApiRoutes(api: Api, pages: PublicPageService): void {
  route(api, 'public.commune', async ({ res, params }) => {
    const result = await pages.commune(params.slug);
    if (!result.ok) throw AppError.fromFailure(result.error);
    publicHeaders(res, result.value.etag);
    return result.value.page;
  });
}

/**
 * `/cong-khai/<slug>`: the page as HTML, with no session and no script; an unknown slug is a 404 page in Vietnamese.
 * Mounted as middleware on `/cong-khai` (like the PWA's static files), not as API routes: it is a page for people,
 * outside the API and its OpenAPI document.
 */
export function publicPageRoutes(pages: PublicPageService): RequestHandler {
  const notFound = (res: Response) => {
    res.status(404).set('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(publicNotFoundHtml());
  };
  const cssName = PUBLIC_PAGE_CSS_PATH.slice('/cong-khai'.length);
  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (req.path === cssName) {
      publicHeaders(res, CSS_ETAG);
      res.type('text/css; charset=utf-8').send(PUBLIC_PAGE_CSS);
      return;
    }
    const slug = /^\/([^/]+)$/.exec(req.path)?.[1];
    if (slug === undefined) {
      notFound(res);
      return;
    }
    const result = await pages.commune(slug);
    if (!result.ok) {
      notFound(res);
      return;
    }
    // The HTML's own validator: the same figures give the same page.
    publicHeaders(res, result.value.etag.replace(/"$/, '-h"'));
    res.type('text/html; charset=utf-8').send(publicPageHtml(result.value.page));
  };
}
