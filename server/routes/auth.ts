import { DEVICE_COOKIE, deviceCookieOptions, readCookie, SESSION_COOKIE, sessionCookieOptions } from '../http/cookies';
import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';

/** Sign-in, sign-out and the current user (design §8). */
export function authRoutes(api: Api): void {
  route(api, 'auth.login', async ({ req, res, body }) => {
    const result = await api.auth.login(body, req.ip ?? 'unknown', readCookie(req, DEVICE_COOKIE));
    if (!result.ok) throw AppError.fromFailure(result.error);
    const { token, sessionId, me, expiresAt, device } = result.value;
    api.contexts.get(req).auth = { sessionId, user: me };
    // The session cookie first: simple clients (the benches) keep only the first Set-Cookie.
    res.cookie(SESSION_COOKIE, token, { ...sessionCookieOptions(req), expires: expiresAt });
    res.cookie(DEVICE_COOKIE, device.token, { ...deviceCookieOptions(req, `${api.basePath}/auth/login`), expires: device.expiresAt });
    return me;
  });

  route(api, 'auth.logout', async ({ req, res, auth }) => {
    await api.auth.logout(auth.sessionId);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  route(api, 'auth.me', ({ auth }) => auth.user);
}
