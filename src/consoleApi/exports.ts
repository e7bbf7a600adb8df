import { routePath } from '../domain/protocol/endpoints';
import type { ExportQuery, ExportSummary } from '../domain/console/reports';
import { API_BASE, type ApiClient, type ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

// Downloads are plain same-origin links (the session cookie goes along): the browser saves the file itself,
// so a large CSV or PDF never sits in the page's memory.

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text === '' ? `${API_BASE}${path}` : `${API_BASE}${path}?${text}`;
}

/** `GET /api/v1/exports/completions.csv?from&to`: approved swaps for CMIS (UTF-8 with BOM). */
export function completionsCsvUrl({ from, to, teamId }: ExportQuery): string {
  return withQuery(routePath('exports.completionsCsv'), { from, to, teamId });
}

/** `GET /api/v1/exports/completions/summary`: how many swaps the CSV of that period holds, how many wait for approval. */
export function fetchExportSummary(api: ApiClient, query: ExportQuery): Promise<ApiResult<ExportSummary>> {
  return callEndpoint(api, 'exports.completionsSummary', { query: { ...query } });
}

/** `GET /api/v1/completions/:id/handover.pdf`: the handover record with signatures and photos. */
export function handoverPdfUrl(completionId: string): string {
  return `${API_BASE}${routePath('completions.handoverPdf', { id: completionId })}`;
}

/** `GET /api/v1/openapi.json`: the API document, for admins to hand to integrators. */
export function openApiUrl(): string {
  return `${API_BASE}${routePath('openapi')}`;
}
