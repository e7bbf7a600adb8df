import { useTranslation } from 'react-i18next';
import type { StockImportResponse } from '../../../domain/stock/stock';
import { importStockDelivery } from '../../../consoleApi/stock';
import { formatCount } from '../kit/format';
import { CsvImport } from '../import/CsvImport';

/** The warehouse's delivery list into the team's warehouse: file, dry run, row errors, then the import. */
export function DeliveryImport({ teamId, onImported }: { teamId: string | undefined; onImported: () => void }) {
  const { t, i18n } = useTranslation();
  const counts = (r: StockImportResponse) => ({
    rows: formatCount(r.rows, i18n.language),
    meters: formatCount(r.meters, i18n.language),
    seals: formatCount(r.seals, i18n.language),
  });
  return (
    <CsvImport
      className="stock-section"
      titleId="stock-import-title"
      title={t('console.stock.import.title')}
      help={
        <>
          <p className="kit-muted">{t('console.stock.import.help')}</p>
          <ul className="kit-muted stock-columns">
            <li>
              {t('console.stock.import.meterColumns')} <code>SO_CTO, LOAI_CTO, SO_PHA, NAM_SX, NGAY_KD, SO_TEM_KD, DO_XA, SO_LO</code>
            </li>
            <li>
              {t('console.stock.import.sealColumns')} <code>NIEM_TU, NIEM_DEN, LOAI_NIEM, SO_LO</code>
            </li>
          </ul>
        </>
      }
      call={importStockDelivery}
      teamId={teamId}
      onImported={onImported}
      texts={{
        checking: t('console.stock.import.checking'),
        importing: t('console.stock.import.importing'),
        run: t('console.stock.import.run'),
        clean: (r) => t('console.stock.import.clean', counts(r)),
        done: (r) => t('console.stock.import.done', counts(r)),
      }}
    />
  );
}
