import { useTranslation } from 'react-i18next';
import type { CashlessRow } from '../../../domain/console/cashless';

/** Bar colours: each at least 3:1 against the white card (non-text contrast), told apart by the legend's order too. */
const COLORS = { claimed: '#8a4b00', realBefore: '#5f6b78', realAfter: '#0b4f9c', goal: '#b3261e' } as const;
const BARS = ['claimed', 'realBefore', 'realAfter'] as const;
const BAR_HEIGHT = 12;
const BAR_GAP = 3;
/** Bars stop here (percent of the width) so the value printed after the longest still fits. */
const SPAN = 86;

function valueOf(row: CashlessRow, bar: (typeof BARS)[number]): number {
  if (bar === 'claimed') return row.claimedBefore + row.claimedEnrolled;
  return row[bar];
}

/**
 * Claimed, real before, real after per row as horizontal bars, with the goal as a dashed mark: drawn by hand in
 * SVG (percent widths, so it fits 360 px as well as 1280 px without scaling the text). The figures are in the
 * table beside it, so the drawing is hidden from screen readers and the caption says where the numbers are.
 */
export function CashlessChart({ rows }: { rows: readonly CashlessRow[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.flatMap((r) => [...BARS.map((b) => valueOf(r, b)), r.goal]));
  const pct = (v: number) => (v / max) * SPAN;
  const height = BARS.length * (BAR_HEIGHT + BAR_GAP);
  return (
    <figure className="cashless-chart">
      <figcaption>{t('console.cashless.chart.caption')}</figcaption>
      <ul className="cashless-legend">
        {[...BARS, 'goal' as const].map((key) => (
          <li key={key}>
            <span
              className={`cashless-legend__swatch${key === 'goal' ? ' cashless-legend__swatch--goal' : ''}`}
              style={{ borderColor: COLORS[key], background: key === 'goal' ? 'transparent' : COLORS[key] }}
            />
            {t(`console.cashless.chart.${key}`)}
          </li>
        ))}
      </ul>
      <div className="cashless-chart__rows" aria-hidden="true">
        {rows.map((row) => (
          <div key={row.key} className="cashless-chart__row">
            <div className="cashless-chart__label">{row.label}</div>
            <svg width="100%" height={height} className="cashless-chart__svg" focusable="false">
              {BARS.map((bar, i) => {
                const v = valueOf(row, bar);
                const y = i * (BAR_HEIGHT + BAR_GAP);
                return (
                  <g key={bar}>
                    <rect x="0" y={y} width={`${Math.max(pct(v), v > 0 ? 0.5 : 0)}%`} height={BAR_HEIGHT} fill={COLORS[bar]} />
                    <text x={`${pct(v) + 1}%`} y={y + BAR_HEIGHT - 2} className="cashless-chart__value">
                      {v}
                    </text>
                  </g>
                );
              })}
              {row.goal > 0 && (
                <line
                  x1={`${pct(row.goal)}%`}
                  x2={`${pct(row.goal)}%`}
                  y1="0"
                  y2={height}
                  stroke={COLORS.goal}
                  strokeWidth="2"
                  strokeDasharray="4 2"
                />
              )}
            </svg>
          </div>
        ))}
      </div>
    </figure>
  );
}
