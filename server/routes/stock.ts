import { sendCsvFile } from '../http/csvFile';
import { AppError } from '../http/problem';
import { consumeStreamedBody } from '../http/streamedBody';
import { route, type Api } from '../http/route';
import type { StockImport } from '../services/import/stockImport';
import type { StockService } from '../services/stockService';
import type { StockReconciliationService } from '../services/stockReconciliationService';

/** Meters and seals in stock (issue 16): the delivery import, issue and return, the lists and the summary. */
export function stockRoutes(api: Api, imports: StockImport, stock: StockService): void {
  route(api, 'stock.import', async ({ req, res, auth, query }) => {
    // A browser gone mid-upload wrote nothing: the transaction only starts on a whole, clean file.
    return consumeStreamedBody(req, res, (upload) =>
      imports.importCsv(auth, { teamId: query.teamId, dryRun: query.dryRun, contentEncoding: req.get('content-encoding'), ...upload }),
    );
  });

  const answer = <T>(result: { ok: true; value: T } | { ok: false; error: Parameters<typeof AppError.fromFailure>[0] }): T => {
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  };

  route(api, 'stock.issue', async ({ auth, body }) => answer(await stock.issue(auth, body)));
  route(api, 'stock.return', async ({ auth, body }) => answer(await stock.return(auth, body)));
  route(api, 'stock.items', async ({ auth, query }) => answer(await stock.items(auth, query)));
  route(api, 'stock.summary', async ({ auth, query }) => answer(await stock.summary(auth, query)));
}

/** The end-of-day reconciliation (issue 16 §4): JSON, and the same as CSV (figures, then the flagged differences). */
export function stockReconciliationRoutes(api: Api, reconciliation: StockReconciliationService): void {
  route(api, 'stock.reconciliation', async ({ auth, query }) => {
    const result = await reconciliation.report(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'stock.reconciliationCsv', async ({ res, auth, query }) => {
    const result = await reconciliation.csv(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return sendCsvFile(res, result.value);
  });
}
