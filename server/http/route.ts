import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../../src/domain/users/auth';
import { ENDPOINT_NAMES, ENDPOINTS, type EndpointDef, type EndpointName, type Endpoints } from '../../src/domain/protocol/endpoints';
import { fieldErrorsFromZod } from '../../src/domain/protocol/errors';
import type { AuthContext, AuthService } from '../services/authService';
import { readCookie, SESSION_COOKIE } from './cookies';
import { jsonBody } from './jsonBody';
import { AppError } from './problem';
import { refuseBadText } from './queryText';
import type { RequestContexts } from './requestContext';

/**
 * Routes are built from their declaration in src/domain/protocol/endpoints.ts: `route(api, 'reviews.resolve', handler)` takes
 * the method, path, roles and the path/query/body schemas from there, so a route cannot drift from the OpenAPI
 * document or the typed client. Adding an endpoint touches its declaration and its handler, nothing else.
 */

type Def<N extends EndpointName> = Endpoints[N];
type Parsed<D, K extends string> = D extends { [P in K]: infer S extends z.core.$ZodType } ? z.output<S> : undefined;
/** A public endpoint's handler has no session to rely on; every other one gets the caller's. */
type AuthOf<D> = D extends { roles: 'public' } ? null : AuthContext;
/** What a JSON endpoint with a declared answer may return for the route to send with its first `ok` status. */
type AnswerOf<D> = D extends { kind: 'json'; response: infer R extends z.core.$ZodType } ? z.output<R> : never;

export interface RouteContext<N extends EndpointName> {
  req: Request;
  res: Response;
  auth: AuthOf<Def<N>>;
  body: Parsed<Def<N>, 'body'>;
  query: Parsed<Def<N>, 'query'>;
  params: Parsed<Def<N>, 'params'>;
}

/**
 * Returns the answer (sent as JSON with the endpoint's first `ok` status), or writes the response itself and
 * returns nothing: other statuses (200 beside 201), streams, files, pre-serialized JSON.
 */
export type RouteHandler<N extends EndpointName> = (ctx: RouteContext<N>) => Promise<AnswerOf<Def<N>> | undefined> | AnswerOf<Def<N>> | undefined;

export interface RouteOptions {
  /**
   * Runs on the JSON body after it is read and before the declared schema parses it, for a refusal that must
   * not read as "invalid" (the push's batch size is 413, not 400). Throw an AppError to refuse.
   */
  beforeBodySchema?: (body: unknown) => void;
  /** The same for the query string, before its declared schema parses it (the pull's protocol version). */
  beforeQuerySchema?: (query: unknown) => void;
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

function parse(schema: z.core.$ZodType | undefined, value: unknown, what: string): unknown {
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

/** Endpoints given a handler, per API router (weak: an app and its routers go away together). */
const routed = new WeakMap<Router, EndpointName[]>();

/** The endpoints registered on `router` through `route`, in registration order. */
export function routedEndpoints(router: Router): readonly EndpointName[] {
  return routed.get(router) ?? [];
}

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

/** Registers the handler of the declared endpoint `name`; a second handler for the same endpoint is a bug. */
export function route<N extends EndpointName>(api: Api, name: N, handle: RouteHandler<N>, options: RouteOptions = {}): void {
  const def: EndpointDef = ENDPOINTS[name];
  const already = routedEndpoints(api.router);
  if (already.includes(name)) throw new Error(`endpoint ${name} already has a handler`);
  routed.set(api.router, [...already, name]);
  const pattern = `${api.basePath}${def.path}`;
  const { roles } = def;
  const guard = roles === 'public' ? [] : [requireRole(api, roles)];
  // Only a declared JSON body is read; raw bodies (photos, CSV) are streamed by their handler, other routes ignore bodies.
  const body = def.body === undefined ? [] : jsonBody();
  const handler: RequestHandler = async (req, res) => {
    const context = api.contexts.get(req);
    context.route = pattern;
    refuseBadText(req.query, 'query string');
    refuseBadText(req.params, 'path');
    if (roles !== 'public' && context.auth === null) throw new Error(`guard did not run for ${name}`);
    if (def.query !== undefined) options.beforeQuerySchema?.(req.query);
    if (def.body !== undefined) options.beforeBodySchema?.(req.body);
    const ctx = {
      req,
      res,
      auth: roles === 'public' ? null : context.auth,
      body: parse(def.body, req.body, 'request body'),
      query: parse(def.query, req.query, 'query string'),
      params: parse(def.params, req.params, 'path'),
    };
    // The casts restore what ENDPOINTS[N] guarantees and TypeScript cannot follow through a generic N: the auth
    // matches the roles, each part was parsed by its own declared schema, and an answer is the declared one.
    const answer: unknown = await handle(ctx as RouteContext<N>);
    if (answer !== undefined) res.status(def.ok[0] ?? 200).json(answer);
  };
  api.router.route(def.path)[def.method.toLowerCase() as Method](...guard, ...body, handler);
}

/** Refuses to start an app with a declared endpoint nobody handles: its clients would meet a 404 in production. */
export function requireEveryEndpointRouted(api: Api): void {
  const missing = ENDPOINT_NAMES.filter((name) => !routedEndpoints(api.router).includes(name));
  if (missing.length > 0) throw new Error(`declared endpoints without a handler: ${missing.join(', ')}`);
}
