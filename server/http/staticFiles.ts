import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Cache policy of the built PWA: content-hashed files under /assets/ never change, so they are immutable;
 * everything else (index.html, sw.js, workbox-*.js, the manifest, icons) is revalidated on every load,
 * otherwise service-worker updates stall behind a stale copy.
 */
function cacheControlFor(filePath: string, root: string): string {
  const relative = path.relative(root, filePath).split(path.sep).join('/');
  return relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE;
}

/** A navigation (the browser asking for a page), as opposed to a script or image that is simply missing. */
function isNavigation(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  // The root is always the app, whatever the client accepts (operators check it with curl).
  if (req.path === '/') return true;
  return !req.path.startsWith('/api/') && req.path !== '/api'
    && !req.path.startsWith('/assets/')
    && (req.get('accept') ?? '').includes('text/html');
}

/** Serves `staticDir` (the Vite build) with SPA fallback to index.html for client-side routes. */
export function staticFiles(staticDir: string): Router {
  const router = Router();
  const root = path.resolve(staticDir);
  const indexHtml = path.join(root, 'index.html');
  router.use(express.static(root, {
    index: false,
    cacheControl: false,
    setHeaders: (res, filePath) => res.setHeader('Cache-Control', cacheControlFor(filePath, root)),
  }));
  const fallback: RequestHandler = (req: Request, res: Response, next) => {
    if (!isNavigation(req) || !existsSync(indexHtml)) {
      next();
      return;
    }
    // `root` keeps send's dotfile check to the relative name: the app may be served from a folder such as .tmp/…
    res.sendFile('index.html', { root, cacheControl: false, headers: { 'Cache-Control': REVALIDATE } });
  };
  router.use(fallback);
  return router;
}
