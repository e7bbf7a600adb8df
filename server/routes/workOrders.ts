import { z } from 'zod';
import { ROLES } from '../../src/domain/auth';
import { ImportQuery, type ImportResponse } from '../../src/domain/imports';
import type { WorkOrderDetail } from '../../src/domain/workOrderDetail';
import { BBox, WorkOrderFilter, WorkOrderListQuery, type WorkOrderListResponse } from '../../src/domain/workOrderQuery';
import { AppError } from '../http/problem';
import { consumeStreamedBody } from '../http/streamedBody';
import { guardedRoute, type Api } from '../http/route';
import type { ImportService } from '../services/import/importService';
import type { WorkOrderDetailService } from '../services/workOrderDetailService';
import type { WorkOrderQueryService } from '../services/workOrderQueryService';

const WorkOrderParams = z.object({ id: z.uuid() });

/** One work order with its records (design §9): its team's supervisor, an admin, or a technician ever assigned to it. */
export function workOrderRoutes(api: Api, details: WorkOrderDetailService): void {
  guardedRoute(api, ROLES, {
    method: 'get',
    path: '/work-orders/:id',
    params: WorkOrderParams,
    handle: async ({ res, auth, params }) => {
      const result = await details.get(auth, params.id);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies WorkOrderDetail);
    },
  });
}

const MANAGERS = ['supervisor', 'admin'] as const;
const ImportParams = z.object({ ...ImportQuery.shape, teamId: z.uuid().optional() });
const MapQuery = WorkOrderFilter.extend({ bbox: BBox.optional(), q: WorkOrderListQuery.shape.q });

/**
 * The supervisor console's work-order endpoints (design §9): the list, the map's points and the CSV import.
 * Register before workOrderRoutes: `/work-orders/map` and `/work-orders/import` must not reach `/work-orders/:id`.
 */
export function workOrderConsoleRoutes(api: Api, queries: WorkOrderQueryService, imports: ImportService): void {
  guardedRoute(api, MANAGERS, {
    method: 'get',
    path: '/work-orders',
    query: WorkOrderListQuery,
    handle: async ({ res, auth, query }) => {
      const result = await queries.list(auth, query);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies WorkOrderListResponse);
    },
  });

  guardedRoute(api, MANAGERS, {
    method: 'get',
    path: '/work-orders/map',
    query: MapQuery,
    handle: async ({ res, auth, query }) => {
      // WorkOrderMapPoints as JSON text from the database (see WorkOrderQueryService.mapJson).
      res.type('application/json').send(await queries.mapJson(auth, query));
    },
  });

  guardedRoute(api, MANAGERS, {
    method: 'post',
    path: '/work-orders/import',
    query: ImportParams,
    handle: async ({ req, res, auth, query }) => {
      // A browser gone mid-upload wrote nothing: the transaction only starts on a whole, clean file.
      const imported = await consumeStreamedBody(req, res, (upload) => imports.importCsv(auth, {
        teamId: query.teamId, dryRun: query.dryRun, contentEncoding: req.get('content-encoding'), ...upload,
      }));
      if (imported !== undefined) res.json(imported satisfies ImportResponse);
    },
  });
}
