import { AppError } from '../http/problem';
import { consumeStreamedBody } from '../http/streamedBody';
import { route, type Api } from '../http/route';
import type { ImportService } from '../services/import/importService';
import type { WorkOrderDetailService } from '../services/workOrderDetailService';
import type { WorkOrderQueryService } from '../services/workOrderQueryService';

/** One work order with its records (design §9): its team's supervisor, an admin, or a technician ever assigned to it. */
export function workOrderRoutes(api: Api, details: WorkOrderDetailService): void {
  route(api, 'workOrders.get', async ({ auth, params }) => {
    const result = await details.get(auth, params.id);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });
}

/**
 * The supervisor console's work-order endpoints (design §9): the list, the map's points and the CSV import.
 * Register before workOrderRoutes: `/work-orders/map` and `/work-orders/import` must not reach `/work-orders/:id`.
 */
export function workOrderConsoleRoutes(api: Api, queries: WorkOrderQueryService, imports: ImportService): void {
  route(api, 'workOrders.list', async ({ auth, query }) => {
    const result = await queries.list(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'workOrders.map', async ({ res, auth, query }) => {
    // WorkOrderMapPoints as JSON text from the database (see WorkOrderQueryService.mapJson).
    res.type('application/json').send(await queries.mapJson(auth, query));
  });

  route(api, 'workOrders.import', async ({ req, res, auth, query }) => {
    // A browser gone mid-upload wrote nothing: the transaction only starts on a whole, clean file.
    const imported = await consumeStreamedBody(req, res, (upload) =>
      imports.importCsv(auth, {
        teamId: query.teamId,
        dryRun: query.dryRun,
        contentEncoding: req.get('content-encoding'),
        ...upload,
      }),
    );
    // undefined: the browser went away mid-upload; nothing is left to answer.
    return imported;
  });
}
