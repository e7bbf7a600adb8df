import type { Health } from '../../src/domain/auth';
import type { Api } from '../http/route';
import { publicRoute } from '../http/route';
import type { Store } from '../store/store';

/** Liveness and readiness in one: it answers only when the database does (otherwise 503 UNAVAILABLE). */
export function healthRoutes(api: Api, store: Pick<Store, 'dialect' | 'ping'>, version: string): void {
  publicRoute(api, {
    method: 'get',
    path: '/health',
    handle: async ({ res }) => {
      await store.ping();
      res.json({ status: 'ok', db: store.dialect, version } satisfies Health);
    },
  });
}
