import type { Express } from 'express';

/** The shape of router 2.x's `listRoutes()` (not in @types/express yet). */
interface ListedRoute {
  path: string | RegExp;
  methods: string[] | undefined;
  router: Listable | undefined;
}
interface Listable {
  listRoutes(): ListedRoute[];
}

export interface AppRoute {
  method: string;
  path: string;
}

/** Every route the app registers with its methods as the router lists them (HEAD beside GET included), mount paths joined. */
export function listRoutesWithMethods(app: Express): { path: string; methods: string[] }[] {
  const walk = (router: Listable, prefix: string): { path: string; methods: string[] }[] =>
    router.listRoutes().flatMap((r) => {
      const path = prefix + (typeof r.path === 'string' ? r.path : String(r.path));
      return r.router ? walk(r.router, path === '/' ? '' : path) : [{ path, methods: r.methods ?? [] }];
    });
  return walk(app.router as unknown as Listable, '');
}

/** Every route the app registers, with mount paths joined: new routes are covered by tests without listing them. */
export function listAppRoutes(app: Express): AppRoute[] {
  return listRoutesWithMethods(app).flatMap(({ path, methods }) => methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path })));
}

/** A concrete URL for a route pattern: every `:param` becomes a well-formed id. */
export function concretePath(pattern: string): string {
  return pattern.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000').replace(/\{\*\w+\}/g, 'x');
}
