import { useTranslation } from 'react-i18next';
import type { ProgressFigures, ProgressReport } from '../../../domain/console/reports';
import { formatIsoDay } from '../../../domain/time/time';
import { formatCount, formatPercent } from '../kit/format';
import { cashlessFigures } from './figures';

interface Props {
  report: ProgressReport;
  caption: string;
}

function Figures({ figures }: { figures: ProgressFigures }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatCount(value, i18n.language);
  const cashless = cashlessFigures(figures);
  return (
    <>
      <td className="kit-num">{n(figures.planned)}</td>
      <td className="kit-num">{n(figures.completed)}</td>
      <td className="kit-num">{n(figures.approved)}</td>
      <td className="kit-num">{n(figures.failed)}</td>
      <td className="kit-num">{n(figures.remaining)}</td>
      <td className="kit-num">{formatPercent(figures.firstVisitSuccessRate, i18n.language)}</td>
      <td className={`kit-num${figures.awaitingPhotos > 0 ? ' kit-danger-text' : ''}`}>{n(figures.awaitingPhotos)}</td>
      <td
        className={`kit-num${cashless.reached ? ' kit-ok-text' : ''}`}
        title={cashless.reached ? t('console.dashboard.table.cashlessReached') : undefined}
      >
        {t('console.dashboard.table.cashlessValue', { before: n(cashless.before), after: n(cashless.after), goal: n(cashless.goal) })}
        {cashless.reached && ' ✓'}
      </td>
    </>
  );
}

/** The figures per commune, technician or day, with a totals row: also the accessible form of the charts. */
export function ProgressTable({ report, caption }: Props) {
  const { t } = useTranslation();
  const columns = ['planned', 'completed', 'approved', 'failed', 'remaining', 'firstVisit', 'awaitingPhotos', 'cashless'] as const;
  return (
    <div className="kit-table-scroll" tabIndex={0}>
      <table className="kit-table dashboard-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`console.dashboard.groupBy.${report.groupBy}`)}</th>
            {columns.map((c) => (
              <th key={c} scope="col" className="kit-num">
                {t(`console.dashboard.table.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{report.groupBy === 'day' ? formatIsoDay(row.label) : row.label}</th>
              <Figures figures={row} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('console.dashboard.table.total')}</th>
            <Figures figures={report.totals} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
