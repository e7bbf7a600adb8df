import { LoginRequest, ROLES, type Me } from '../../src/domain/auth';
import { DEVICE_COOKIE, deviceCookieOptions, readCookie, SESSION_COOKIE, sessionCookieOptions } from '../http/cookies';
import { AppError } from '../http/problem';
import { guardedRoute, publicRoute, type Api } from '../http/route';

/** Sign-in, sign-out and the current user (design §8). */
export function authRoutes(api: Api): void {
  publicRoute(api, {
    method: 'post',
    path: '/auth/login',
    body: LoginRequest,
    handle: async ({ req, res, body }) => {
      const result = await api.auth.login(body, req.ip ?? 'unknown', readCookie(req, DEVICE_COOKIE));
      if (!result.ok) throw AppError.fromFailure(result.error);
      const { token, sessionId, me, expiresAt, device } = result.value;
      api.contexts.get(req).auth = { sessionId, user: me };
      // The session cookie first: simple clients (the benches) keep only the first Set-Cookie.
      res.cookie(SESSION_COOKIE, token, { ...sessionCookieOptions(req), expires: expiresAt });
      res.cookie(DEVICE_COOKIE, device.token, { ...deviceCookieOptions(req, `${api.basePath}/auth/login`), expires: device.expiresAt });
      res.json(me satisfies Me);
    },
  });

  guardedRoute(api, ROLES, {
    method: 'post',
    path: '/auth/logout',
    handle: async ({ req, res, auth }) => {
      await api.auth.logout(auth.sessionId);
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
      res.status(204).end();
    },
  });

  guardedRoute(api, ROLES, {
    method: 'get',
    path: '/auth/me',
    handle: ({ res, auth }) => {
      res.json(auth.user satisfies Me);
    },
  });
}
