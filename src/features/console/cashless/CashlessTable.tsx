import { useTranslation } from 'react-i18next';
import type { CashlessFigures, CashlessReport } from '../../../domain/console/cashless';
import { formatCount } from '../kit/format';

/** The report's numbers: claimed before → after, real before and after, goal, no bill yet, met; totals in the footer. */
export function CashlessTable({ report }: { report: CashlessReport }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const cells = (f: CashlessFigures) => (
    <>
      <td className="kit-num">{n(f.visited)}</td>
      <td className="kit-num">
        {t('console.cashless.table.claimedValue', { before: n(f.claimedBefore), after: n(f.claimedBefore + f.claimedEnrolled) })}
      </td>
      <td className="kit-num">{n(f.realBefore)}</td>
      <td className="kit-num">{n(f.realAfter)}</td>
      <td className="kit-num">{n(f.goal)}</td>
      <td className="kit-num">{n(f.noDataAfter)}</td>
      <td className={f.met ? 'kit-ok-text' : undefined}>{f.met ? `✓ ${t('console.cashless.table.metYes')}` : t('console.cashless.table.metNo')}</td>
    </>
  );
  return (
    <div className="kit-table-scroll cashless-table" tabIndex={0}>
      <table className="kit-table">
        <caption>{t('console.cashless.table.caption', { group: t(`console.cashless.table.${report.groupBy}`) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.cashless.table.name')}</th>
            <th scope="col">{t('console.cashless.table.visited')}</th>
            <th scope="col">{t('console.cashless.table.claimed')}</th>
            <th scope="col">{t('console.cashless.table.realBefore')}</th>
            <th scope="col">{t('console.cashless.table.realAfter')}</th>
            <th scope="col">{t('console.cashless.table.goal')}</th>
            <th scope="col">{t('console.cashless.table.noDataAfter')}</th>
            <th scope="col">{t('console.cashless.table.met')}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('console.cashless.table.total')}</th>
            {cells(report.totals)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
