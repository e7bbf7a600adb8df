import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../../src/domain/auth';
import { fieldErrorsFromZod } from '../../src/domain/errors';
import type { AuthContext, AuthService } from '../services/authService';
import { readCookie, SESSION_COOKIE } from './cookies';
import { jsonBody } from './jsonBody';
import { AppError } from './problem';
import { refuseBadText } from './queryText';
import type { RequestContexts } from './requestContext';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<B, Q, A, P = undefined> {
  req: Request;
  res: Response;
  auth: A;
  body: B;
  query: Q;
  params: P;
}

interface RouteSpec<B, Q, A, P = undefined> {
  method: Method;
  /** Relative to the API router's mount point (`/api/v1`). */
  path: string;
  /** When present, the body must be JSON and is parsed with it; otherwise the route ignores bodies. */
  body?: z.core.$ZodType<B>;
  query?: z.core.$ZodType<Q>;
  /** Path parameters (`:id`), parsed before the handler runs; a bad one is a 400 naming it. */
  params?: z.core.$ZodType<P>;
  handle: (ctx: RouteContext<B, Q, A, P>) => Promise<void> | void;
}

/** What route modules register on: the router plus the per-app services the route helper needs. */
export interface Api {
  router: Router;
  basePath: string;
  auth: AuthService;
  contexts: RequestContexts;
}

/** Parses with zod; a failure is 400 VALIDATION_FAILED listing the fields at fault. */
export function parseInput<T>(schema: z.core.$ZodType<T>, value: unknown, what: string): T {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', `The ${what} is invalid.`, { errors: fieldErrorsFromZod(parsed.error) });
  }
  return parsed.data;
}

function parse<T>(schema: z.core.$ZodType<T> | undefined, value: unknown, what: string): T | undefined {
  return schema === undefined ? undefined : parseInput(schema, value, what);
}

/**
 * Authenticates and checks the role before anything reads or validates the body (design §8):
 * no session → 401 UNAUTHENTICATED, a role not listed → 403 FORBIDDEN.
 */
function requireRole(api: Api, roles: readonly Role[]): RequestHandler {
  return async (req, _res, next) => {
    const auth = await api.auth.authenticate(readCookie(req, SESSION_COOKIE));
    if (auth === null) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    api.contexts.get(req).auth = auth;
    if (!roles.includes(auth.user.role)) throw new AppError('FORBIDDEN', 'Your role may not use this endpoint.');
    next();
  };
}

/** What a route declared, for the OpenAPI coverage test: its schemas must be the documented ones. */
export interface DeclaredRoute {
  method: Method;
  path: string;
  body?: z.core.$ZodType;
  query?: z.core.$ZodType;
  params?: z.core.$ZodType;
}

/** Declared routes per API router (weak: an app and its routers go away together). */
const declared = new WeakMap<Router, DeclaredRoute[]>();

/** The routes registered on `router` through this module, in registration order. */
export function declaredRoutes(router: Router): readonly DeclaredRoute[] {
  return declared.get(router) ?? [];
}

function register<B, Q, A, P>(api: Api, spec: RouteSpec<B, Q, A, P>, guard: RequestHandler[], authOf: (req: Request) => A): void {
  const pattern = `${api.basePath}${spec.path}`;
  declared.set(api.router, [...declaredRoutes(api.router), { method: spec.method, path: spec.path, body: spec.body, query: spec.query, params: spec.params }]);
  const body = spec.body === undefined ? [] : jsonBody();
  const handler: RequestHandler = async (req, res) => {
    api.contexts.get(req).route = pattern;
    refuseBadText(req.query, 'query string');
    refuseBadText(req.params, 'path');
    const ctx = {
      req,
      res,
      auth: authOf(req),
      // Casts restore "undefined when no schema" that the optional schema already guarantees.
      body: parse(spec.body, req.body, 'request body') as B,
      query: parse(spec.query, req.query, 'query string') as Q,
      params: parse(spec.params, req.params, 'path') as P,
    };
    await spec.handle(ctx);
  };
  api.router.route(spec.path)[spec.method](...guard, ...body, handler);
}

/** A route anyone may call (health, login). */
export function publicRoute<B = undefined, Q = undefined, P = undefined>(api: Api, spec: RouteSpec<B, Q, null, P>): void {
  register(api, spec, [], () => null);
}

/** A route for signed-in users with one of `roles`; the handler receives their AuthContext. */
export function guardedRoute<B = undefined, Q = undefined, P = undefined>(api: Api, roles: readonly Role[], spec: RouteSpec<B, Q, AuthContext, P>): void {
  register(api, spec, [requireRole(api, roles)], (req) => {
    const auth = api.contexts.get(req).auth;
    if (auth === null) throw new Error(`guard did not run for ${spec.method} ${spec.path}`);
    return auth;
  });
}
