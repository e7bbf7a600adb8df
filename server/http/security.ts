import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { AppError } from './problem';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Security headers (design §8): a CSP without inline script, nosniff, frame denial. Tiles are the one
 * foreign origin: images for the map, and fetches for the service worker that caches them.
 */
export function securityHeaders(tileOrigin: string): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // 'wasm-unsafe-eval' lets the barcode reader compile its (self-hosted, precached) WebAssembly where the
        // browser has no native BarcodeDetector; it allows no JavaScript eval and no inline script.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', tileOrigin],
        connectSrc: ["'self'", tileOrigin],
        fontSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    // Not helmet's no-referrer: OpenStreetMap's tile policy requires a Referer naming the site.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

/**
 * Refuses a state-changing request whose Origin header names another origin than the server's own
 * (scheme and host of the request, as trust proxy reports them). Requests without Origin (curl, old
 * browsers on same-origin GET-like forms) pass: SameSite=Lax already keeps the cookie off cross-site posts.
 */
export const originCheck: RequestHandler = (req, _res, next) => {
  const origin = req.get('origin');
  if (origin === undefined || !STATE_CHANGING.has(req.method)) {
    next();
    return;
  }
  const own = `${req.protocol}://${req.host}`;
  if (origin.toLowerCase() !== own.toLowerCase()) {
    next(new AppError('ORIGIN_MISMATCH', `Requests from ${origin} are not accepted here.`));
    return;
  }
  next();
};
