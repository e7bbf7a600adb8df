import { Trans, useTranslation } from 'react-i18next';
import type { PaymentMethodImportResponse } from '../../../domain/console/cashless';
import { importPaymentMethods } from '../../../consoleApi/cashless';
import { CsvImport } from '../import/CsvImport';

const figures = (r: PaymentMethodImportResponse) => ({ ...r, periods: r.periods.join(', ') });

/** The billing file's import: the work-order import's file picker, dry run, row-error table, then the import. */
export function BillingImport({ teamId, needsTeam, onImported }: { teamId: string | undefined; needsTeam: boolean; onImported: () => void }) {
  const { t } = useTranslation();
  return (
    <CsvImport
      className="cashless-import"
      titleId="cashless-import-title"
      title={t('console.cashless.import.title')}
      help={
        <p className="kit-muted">
          <Trans i18nKey="console.cashless.import.help" components={{ code: <code /> }} />
        </p>
      }
      needsTeam={needsTeam}
      call={importPaymentMethods}
      teamId={teamId}
      onImported={onImported}
      texts={{
        checking: t('console.cashless.import.checking'),
        importing: t('console.cashless.import.importing'),
        run: t('console.cashless.import.run'),
        clean: (r) => t('console.cashless.import.clean', figures(r)),
        done: (r) => t('console.cashless.import.done', figures(r)),
      }}
    />
  );
}
