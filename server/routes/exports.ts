import { once } from 'node:events';
import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { ExportService } from '../services/exportService';

/** Files for people and for the billing system: the CMIS CSV and the handover record PDF. */
export function exportRoutes(api: Api, exports: ExportService): void {
  route(api, 'exports.completionsCsv', async ({ req, res, auth, query }) => {
    const result = await exports.completionsCsv(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(200);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${result.value.filename}"`);
    // Streamed: rows are read a page at a time and written as the client takes them (backpressure).
    for await (const chunk of result.value.chunks) {
      if (req.destroyed || res.destroyed) break;
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  });

  route(api, 'exports.completionsSummary', async ({ auth, query }) => {
    const result = await exports.completionsSummary(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'completions.handoverPdf', async ({ res, auth, params }) => {
    const result = await exports.handoverPdf(auth, params.id);
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(200);
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `inline; filename="${result.value.filename}"`);
    res.send(result.value.bytes);
  });
}
