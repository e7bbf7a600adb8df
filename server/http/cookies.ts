import type { CookieOptions, Request } from 'express';

export const SESSION_COOKIE = 'sid';
/** The device token: a browser that has signed in as a user before (server/services/authService.ts). */
export const DEVICE_COOKIE = 'login_device';


/** The value of one cookie of the request, without a cookie-parsing dependency. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax, whole site; Secure whenever the request came over HTTPS (trust proxy decides). */
export function sessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure };
}

/**
 * HttpOnly, SameSite=Strict (only the app's own sign-in sends it), Path = the sign-in route alone (no other request
 * carries it, so it is never in another route's logs or reach); Secure as the session's.
 */
export function deviceCookieOptions(req: Request, loginPath: string): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: loginPath, secure: req.secure };
}
