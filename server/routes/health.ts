import type { Health } from '../../src/domain/auth';
import type { Api } from '../http/route';
import { publicRoute } from '../http/route';

export function healthRoutes(api: Api, db: Health['db'], version: string): void {
  publicRoute(api, {
    method: 'get',
    path: '/health',
    handle: ({ res }) => {
      res.json({ status: 'ok', db, version } satisfies Health);
    },
  });
}
