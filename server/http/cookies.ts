import { parseCookie } from 'cookie';
import type { CookieOptions, Request } from 'express';

export const SESSION_COOKIE = 'sid';
/** The device token: a browser that has signed in as a user before (server/services/authService.ts). */
export const DEVICE_COOKIE = 'login_device';

/**
 * The value of one cookie of the request (the `cookie` package: the first of a repeated name wins; a value that is
 * not valid percent-encoding stays as sent, and then matches no session or device). Set-Cookie is written by
 * Express's `res.cookie` (which serialises with the `cookie` package too) from the options below.
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header === undefined ? undefined : parseCookie(header)[name];
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
