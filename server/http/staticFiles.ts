import { existsSync, statSync } from 'node:fs';
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
  return !req.path.startsWith('/api/') && req.path !== '/api' && !req.path.startsWith('/assets/') && (req.get('accept') ?? '').includes('text/html');
}

/**
 * Encodings the build prepares beside each hashed asset (vite.config.ts: brotli `.br`, zopfli gzip `.gz`), best
 * first. A phone on a weak link gets the smallest copy without the server compressing anything per request.
 */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** Content-codings the client takes (q > 0) from its Accept-Encoding header. */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name !== '' && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * Serves `/assets/x.js` from `x.js.br` or `x.js.gz` when the build left one and the client accepts it; anything
 * else falls through to the plain file (compressed on the fly by the compression middleware, or not at all).
 */
function precompressedAssets(root: string): RequestHandler {
  // Hashed assets never change under one name, so which copies an asset has is looked up once per asset. Only
  // assets that exist are remembered: requests for made-up names cannot grow the map.
  const copies = new Map<string, Set<string>>();
  const isFile = (file: string) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  const copiesOf = (relative: string): Set<string> => {
    let known = copies.get(relative);
    if (known === undefined) {
      known = new Set(PRECOMPRESSED.filter(({ suffix }) => isFile(path.join(root, relative + suffix))).map((c) => c.encoding));
      if (isFile(path.join(root, relative))) copies.set(relative, known);
    }
    return known;
  };
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith('/assets/')) {
      next();
      return;
    }
    const relative = path.posix.normalize(req.path).slice(1);
    if (relative.split('/').includes('..')) {
      next();
      return;
    }
    const accepted = acceptedEncodings(req.get('accept-encoding'));
    res.vary('Accept-Encoding');
    const available = copiesOf(relative);
    const choice = PRECOMPRESSED.find(({ encoding }) => accepted.has(encoding) && available.has(encoding));
    if (choice === undefined) {
      next();
      return;
    }
    res.type(path.extname(relative));
    res.setHeader('Content-Encoding', choice.encoding);
    res.sendFile(relative + choice.suffix, { root, cacheControl: false, headers: { 'Cache-Control': IMMUTABLE } }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

/** A source map (or a compressed copy of one), judged on the decoded path as the file server will see it. */
const SOURCE_MAP = /\.map(\.(br|gz))?$/i;

function isSourceMap(requestPath: string): boolean {
  try {
    return SOURCE_MAP.test(decodeURIComponent(requestPath));
  } catch {
    // Malformed escapes never name a file: the file server refuses them itself.
    return false;
  }
}

/**
 * Source maps carry the whole original source (comments, file layout, dead branches): an attacker's map of the app.
 * They are built for operators decoding a stack trace and are served only when the operator asks for it
 * (SERVE_SOURCE_MAPS=1); otherwise a map is as missing as a file that does not exist (404, no SPA fallback).
 */
function hideSourceMaps(): RequestHandler {
  return (req, _res, next) => {
    next(isSourceMap(req.path) ? 'router' : undefined);
  };
}

export interface StaticOptions {
  /** Serve the build's `*.map` files (default off). */
  serveSourceMaps?: boolean;
}

/** Serves `staticDir` (the Vite build) with SPA fallback to index.html for client-side routes. */
export function staticFiles(staticDir: string, options: StaticOptions = {}): Router {
  const router = Router();
  const root = path.resolve(staticDir);
  const indexHtml = path.join(root, 'index.html');
  if (options.serveSourceMaps !== true) router.use(hideSourceMaps());
  router.use(precompressedAssets(root));
  router.use(
    express.static(root, {
      index: false,
      cacheControl: false,
      setHeaders: (res, filePath) => res.setHeader('Cache-Control', cacheControlFor(filePath, root)),
    }),
  );
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
