/**
 * Method and path of every API v1 endpoint, by name, without schemas: the PWA's first screen finds its paths
 * here without loading every schema. src/domain/endpoints.ts adds roles and schemas to each entry (its keys are
 * checked to be the same), and the OpenAPI document is generated from that.
 */
export const ENDPOINT_ROUTES = {
  health: { method: 'GET', path: '/health' },
  openapi: { method: 'GET', path: '/openapi.json' },
  'auth.login': { method: 'POST', path: '/auth/login' },
  'auth.logout': { method: 'POST', path: '/auth/logout' },
  'auth.me': { method: 'GET', path: '/auth/me' },
  'sync.pull': { method: 'GET', path: '/sync/pull' },
  'sync.push': { method: 'POST', path: '/sync/push' },
  'photos.put': { method: 'PUT', path: '/photos/:photoId' },
  'photos.head': { method: 'HEAD', path: '/photos/:photoId' },
  'photos.get': { method: 'GET', path: '/photos/:photoId' },
  'workOrders.list': { method: 'GET', path: '/work-orders' },
  'workOrders.map': { method: 'GET', path: '/work-orders/map' },
  'workOrders.import': { method: 'POST', path: '/work-orders/import' },
  'workOrders.get': { method: 'GET', path: '/work-orders/:id' },
  'users.list': { method: 'GET', path: '/users' },
  'users.create': { method: 'POST', path: '/users' },
  'users.update': { method: 'PATCH', path: '/users/:id' },
  'users.endSessions': { method: 'DELETE', path: '/users/:id/sessions' },
  'teams.list': { method: 'GET', path: '/teams' },
  'assignments.create': { method: 'POST', path: '/assignments' },
  'technicians.list': { method: 'GET', path: '/technicians' },
  'mapConfig.get': { method: 'GET', path: '/map/config' },
  'reviews.list': { method: 'GET', path: '/reviews' },
  'reviews.resolve': { method: 'POST', path: '/reviews/:id/resolve' },
  'reports.progress': { method: 'GET', path: '/reports/progress' },
  'reports.syncBacklog': { method: 'GET', path: '/reports/sync-backlog' },
  'exports.completionsCsv': { method: 'GET', path: '/exports/completions.csv' },
  'completions.handoverPdf': { method: 'GET', path: '/completions/:id/handover.pdf' },
  'auditLog.list': { method: 'GET', path: '/audit-log' },
} as const satisfies Record<string, { method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string }>;

export type EndpointRouteName = keyof typeof ENDPOINT_ROUTES;

/** `/reviews/:id/resolve` with `{id}` → `/reviews/<id>/resolve` (each value URI-encoded). */
export function routePath(name: EndpointRouteName, params: Record<string, string> = {}): string {
  return ENDPOINT_ROUTES[name].path.replace(/:(\w+)/g, (_match, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${name}: path parameter ${key} missing`);
    return encodeURIComponent(value);
  });
}
