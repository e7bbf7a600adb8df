import type { StockImportResponse, StockItemPage, StockItemsQuery, StockMoveRequest, StockMoveResponse, StockSummary } from '../domain/stock/stock';
import type { Reconciliation } from '../domain/stock/reconciliation';
import { routePath } from '../domain/protocol/endpoints';
import { API_BASE, type ApiClient, type ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `POST /api/v1/stock/import`: the warehouse's delivery list; bad rows answer 422 IMPORT_INVALID with every row error. */
export function importStockDelivery(
  api: ApiClient,
  file: Blob,
  { dryRun, teamId }: { dryRun: boolean; teamId?: string | undefined },
): Promise<ApiResult<StockImportResponse>> {
  return callEndpoint(api, 'stock.import', { query: { dryRun: dryRun ? '1' : undefined, teamId }, body: file, contentType: 'text/csv' });
}

/** `POST /api/v1/stock/issue` or `/stock/return`: all or nothing; refusals name each item at its field. */
export function moveStock(api: ApiClient, kind: 'issue' | 'return', body: StockMoveRequest): Promise<ApiResult<StockMoveResponse>> {
  return kind === 'issue' ? callEndpoint(api, 'stock.issue', { json: body }) : callEndpoint(api, 'stock.return', { json: body });
}

/** `GET /api/v1/stock/summary`: what the warehouse and each technician hold now. */
export function fetchStockSummary(api: ApiClient, teamId?: string): Promise<ApiResult<StockSummary>> {
  return callEndpoint(api, 'stock.summary', { query: { teamId } });
}

/** `GET /api/v1/stock/items`: one page of items where they are now. */
export function fetchStockItems(api: ApiClient, query: Partial<StockItemsQuery>): Promise<ApiResult<StockItemPage>> {
  return callEndpoint(api, 'stock.items', { query: { ...query } });
}

/** `GET /api/v1/stock/reconciliation`: one day's reconciliation per technician, with the differences flagged. */
export function fetchStockReconciliation(api: ApiClient, query: StockReconciliationParams): Promise<ApiResult<Reconciliation>> {
  return callEndpoint(api, 'stock.reconciliation', { query: { ...query, returnDays: String(query.returnDays) } });
}

export interface StockReconciliationParams {
  date: string;
  returnDays: number;
  teamId?: string | undefined;
  technicianId?: string | undefined;
}

/** `GET /api/v1/stock/reconciliation.csv`: the same as a download (a plain link: the browser saves it). */
export function stockReconciliationCsvUrl(query: StockReconciliationParams): string {
  const params = new URLSearchParams({ date: query.date, returnDays: String(query.returnDays) });
  if (query.teamId !== undefined && query.teamId !== '') params.set('teamId', query.teamId);
  if (query.technicianId !== undefined && query.technicianId !== '') params.set('technicianId', query.technicianId);
  return `${API_BASE}${routePath('stock.reconciliationCsv')}?${params.toString()}`;
}
