import { route, type Api } from '../http/route';
import type { Store } from '../store/store';

/** Liveness and readiness in one: it answers only when the database does (otherwise 503 UNAVAILABLE). */
export function healthRoutes(api: Api, store: Pick<Store, 'dialect' | 'ping'>, version: string): void {
  route(api, 'health', async () => {
    await store.ping();
    return { status: 'ok', db: store.dialect, version };
  });
}
