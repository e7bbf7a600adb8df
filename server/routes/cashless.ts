import { AppError } from '../http/problem';
import { consumeStreamedBody } from '../http/streamedBody';
import { route, type Api } from '../http/route';
import type { CashlessService } from '../services/cashlessService';
import type { PaymentMethodImport } from '../services/import/paymentMethodImport';

/** Cashless, claimed and real (issue 15 §4): the billing system's payment-method import and the report. */
export function cashlessRoutes(api: Api, imports: PaymentMethodImport, reports: CashlessService): void {
  route(api, 'imports.paymentMethods', async ({ req, res, auth, query }) => {
    // A browser gone mid-upload wrote nothing: the transaction only starts on a whole, clean file.
    return consumeStreamedBody(req, res, (upload) =>
      imports.importCsv(auth, { teamId: query.teamId, dryRun: query.dryRun, contentEncoding: req.get('content-encoding'), ...upload }),
    );
  });

  route(api, 'reports.cashless', async ({ auth, query }) => {
    const result = await reports.report(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });
}
