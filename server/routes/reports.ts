import { ProgressQuery, SyncBacklogQuery, type ProgressReport, type SyncBacklogReport } from '../../src/domain/reports';
import { AppError } from '../http/problem';
import { guardedRoute, type Api } from '../http/route';
import type { ReportService } from '../services/reportService';

const MANAGERS = ['supervisor', 'admin'] as const;

/** The supervisor console's dashboard (design §9): a supervisor's own team, an admin's chosen team or all. */
export function reportRoutes(api: Api, reports: ReportService): void {
  guardedRoute(api, MANAGERS, {
    method: 'get',
    path: '/reports/progress',
    query: ProgressQuery.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
      message: 'Ngày kết thúc phải sau ngày bắt đầu: chọn lại khoảng ngày.',
      path: ['to'],
    }),
    handle: async ({ res, auth, query }) => {
      const result = await reports.progress(auth, query);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies ProgressReport);
    },
  });

  guardedRoute(api, MANAGERS, {
    method: 'get',
    path: '/reports/sync-backlog',
    query: SyncBacklogQuery,
    handle: async ({ res, auth, query }) => {
      const result = await reports.syncBacklog(auth, query);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies SyncBacklogReport);
    },
  });
}
