import type { CashlessQuery, CashlessReport, PaymentMethodImportResponse } from '../domain/console/cashless';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/**
 * `POST /api/v1/payment-methods/import` with the billing file's bytes as `text/csv`. Bad rows answer 422
 * IMPORT_INVALID with every row error in the ApiError's `rowErrors`.
 */
export function importPaymentMethods(
  api: ApiClient,
  file: Blob,
  { dryRun, teamId }: { dryRun: boolean; teamId?: string | undefined },
): Promise<ApiResult<PaymentMethodImportResponse>> {
  return callEndpoint(api, 'imports.paymentMethods', { query: { dryRun: dryRun ? '1' : undefined, teamId }, body: file, contentType: 'text/csv' });
}

/** `GET /api/v1/reports/cashless`: claimed against real per commune, or per hamlet of one commune. */
export function fetchCashless(api: ApiClient, query: CashlessQuery): Promise<ApiResult<CashlessReport>> {
  return callEndpoint(api, 'reports.cashless', { query: { ...query } });
}
