import { useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartConfiguration } from 'chart.js';
import type { ProgressReport } from '../../../domain/console/reports';
import { formatIsoDay } from '../../../domain/time/time';
import { ChartCanvas } from './ChartCanvas';
import { cashlessFigures, sortedReasons } from './figures';
import { reasonLabel } from './reasonLabel';

const COLORS = { completed: '#1f7a3d', failed: '#b3261e', remaining: '#9aa5b1', goal: '#b85a00', before: '#9aa5b1', after: '#0b4f9c' };

function barConfig(
  labels: string[],
  datasets: { label: string; data: number[]; color: string }[],
  options: { stacked?: boolean; horizontal?: boolean } = {},
): ChartConfiguration<'bar'> {
  const stacked = options.stacked ?? false;
  return {
    type: 'bar',
    data: { labels, datasets: datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.color, maxBarThickness: 56 })) },
    options: {
      indexAxis: options.horizontal === true ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // Counts of meters: whole numbers on the value axis.
      scales: {
        x: { stacked, beginAtZero: true, ticks: { autoSkip: true, precision: 0 } },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { display: datasets.length > 1, position: 'bottom' } },
    },
  };
}

/** A chart with its caption as the figure's accessible name. */
function ChartFigure({ caption, children }: { caption: string; children: ReactNode }) {
  const id = useId();
  return (
    <figure className="dashboard-chart" aria-labelledby={id}>
      <figcaption id={id}>{caption}</figcaption>
      {children}
    </figure>
  );
}

function rowLabel(report: ProgressReport, label: string): string {
  return report.groupBy === 'day' ? formatIsoDay(label) : label;
}

/** The dashboard's charts (own chunk: chart.js loads only when the dashboard shows). */
export default function DashboardCharts({ report, daily }: { report: ProgressReport; daily: ProgressReport | undefined }) {
  const { t } = useTranslation();
  const group = t(`console.dashboard.groupBy.${report.groupBy}`).toLowerCase();
  const progress = useMemo(() => {
    const labels = report.rows.map((r) => rowLabel(report, r.label));
    return barConfig(
      labels,
      [
        { label: t('console.dashboard.table.completed'), data: report.rows.map((r) => r.completed), color: COLORS.completed },
        { label: t('console.dashboard.table.failed'), data: report.rows.map((r) => r.failed), color: COLORS.failed },
        { label: t('console.dashboard.table.remaining'), data: report.rows.map((r) => r.remaining), color: COLORS.remaining },
      ],
      { stacked: true },
    );
  }, [report, t]);
  const perDay = useMemo(
    () =>
      daily === undefined
        ? null
        : barConfig(
            daily.rows.map((r) => formatIsoDay(r.label)),
            [{ label: t('console.dashboard.table.completed'), data: daily.rows.map((r) => r.completed), color: COLORS.completed }],
          ),
    [daily, t],
  );
  const reasons = useMemo(() => sortedReasons(report.totals.failureReasons), [report]);
  const reasonsChart = useMemo(
    () =>
      barConfig(
        reasons.map(([code]) => code),
        [{ label: t('console.dashboard.table.failed'), data: reasons.map(([, n]) => n), color: COLORS.failed }],
        { horizontal: true },
      ),
    [reasons, t],
  );
  const cashless = useMemo(() => {
    const figures = report.rows.map((r) => cashlessFigures(r));
    return barConfig(
      report.rows.map((r) => rowLabel(report, r.label)),
      [
        { label: t('console.dashboard.charts.cashlessBefore'), data: figures.map((f) => f.before), color: COLORS.before },
        { label: t('console.dashboard.charts.cashlessAfter'), data: figures.map((f) => f.after), color: COLORS.after },
        { label: t('console.dashboard.charts.cashlessGoal'), data: figures.map((f) => f.goal), color: COLORS.goal },
      ],
    );
  }, [report, t]);

  return (
    <section className="dashboard-charts" aria-label={t('console.dashboard.charts.title')}>
      <ChartFigure caption={t('console.dashboard.charts.progress', { group })}>
        <ChartCanvas config={progress} label={t('console.dashboard.charts.tableFallback')} />
      </ChartFigure>
      {perDay !== null && (
        <ChartFigure caption={t('console.dashboard.charts.perDay')}>
          <ChartCanvas config={perDay} label={t('console.dashboard.charts.tableFallback')} />
        </ChartFigure>
      )}
      <ChartFigure caption={t('console.dashboard.charts.reasons')}>
        {reasons.length === 0 ? (
          <p className="kit-empty">{t('console.dashboard.charts.reasonsEmpty')}</p>
        ) : (
          <>
            <ChartCanvas config={reasonsChart} label={t('console.dashboard.charts.reasons')} />
            <table className="kit-table dashboard-reasons">
              <tbody>
                {reasons.map(([code, count]) => (
                  <tr key={code}>
                    <th scope="row">
                      <span className="mono">{code}</span> {reasonLabel(t, code)}
                    </th>
                    <td className="kit-num">{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </ChartFigure>
      <ChartFigure caption={t('console.dashboard.charts.cashless')}>
        <ChartCanvas config={cashless} label={t('console.dashboard.charts.tableFallback')} />
      </ChartFigure>
    </section>
  );
}
