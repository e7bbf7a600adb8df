import { sendCsvFile } from '../http/csvFile';
import { AppError } from '../http/problem';
import { consumeStreamedBody } from '../http/streamedBody';
import { route, type Api } from '../http/route';
import type { ApiTokenService } from '../services/hes/apiTokenService';
import type { CommissioningReportService } from '../services/hes/commissioningReport';
import type { HesService } from '../services/hes/hesService';

/** A client that stops sending mid-message is dropped after this long without a byte. */
const IDLE_MS = 30_000;

/** Commissioning by the head-end (issue 17): its endpoint, the file import, API tokens and the report. */
export function hesRoutes(api: Api, hes: HesService, tokens: ApiTokenService, reports: CommissioningReportService): void {
  route(api, 'hes.readings', async ({ req, res }) =>
    consumeStreamedBody(req, res, (upload) => hes.receive(req.get('authorization'), { ...upload, contentEncoding: req.get('content-encoding') }), {
      idleMs: IDLE_MS,
    }),
  );

  route(api, 'hes.import', async ({ req, res, auth, query }) =>
    consumeStreamedBody(req, res, (upload) =>
      hes.importCsv(auth, { teamId: query.teamId, dryRun: query.dryRun, contentEncoding: req.get('content-encoding'), ...upload }),
    ),
  );

  route(api, 'hes.unmatched', async () => hes.unmatched());

  route(api, 'apiTokens.list', async () => tokens.list());

  route(api, 'apiTokens.create', async ({ auth, body }) => tokens.create(auth, body.name));

  route(api, 'apiTokens.revoke', async ({ res, auth, params }) => {
    const result = await tokens.revoke(auth, params.id);
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(204).end();
  });

  route(api, 'reports.commissioning', async ({ auth, query }) => {
    const result = await reports.report(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'reports.commissioningCsv', async ({ res, auth, query }) => {
    const result = await reports.csv(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return sendCsvFile(res, result.value);
  });
}
