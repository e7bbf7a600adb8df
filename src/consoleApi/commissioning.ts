import type { ApiTokenCreated, ApiTokenList, CommissioningReport, CommissioningReportQuery } from '../domain/commissioning/commissioningApi';
import { routePath } from '../domain/protocol/endpoints';
import { API_BASE, type ApiClient, type ApiResult } from '../sync/api';
import { callEmptyEndpoint, callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/reports/commissioning`: remote-read confirmation of the period's swaps, grouped (issue 17 §5). */
export function fetchCommissioningReport(api: ApiClient, query: Partial<CommissioningReportQuery>): Promise<ApiResult<CommissioningReport>> {
  return callEndpoint(api, 'reports.commissioning', { query: { ...query } });
}

/** `GET /api/v1/reports/commissioning.csv`: the same as a download (a plain link: the browser saves it). */
export function commissioningCsvUrl(query: Partial<Record<keyof CommissioningReportQuery, string>>): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const text = params.toString();
  return `${API_BASE}${routePath('reports.commissioningCsv')}${text === '' ? '' : `?${text}`}`;
}

/** `GET /api/v1/api-tokens`: the integrations' tokens (never the tokens themselves). */
export function fetchApiTokens(api: ApiClient): Promise<ApiResult<ApiTokenList>> {
  return callEndpoint(api, 'apiTokens.list', {});
}

/** `POST /api/v1/api-tokens`: a new token, shown in this answer only. */
export function createApiToken(api: ApiClient, name: string): Promise<ApiResult<ApiTokenCreated>> {
  return callEndpoint(api, 'apiTokens.create', { json: { name } });
}

/** `DELETE /api/v1/api-tokens/:id`. */
export function revokeApiToken(api: ApiClient, id: string): Promise<ApiResult<null>> {
  return callEmptyEndpoint(api, 'apiTokens.revoke', { params: { id } });
}
