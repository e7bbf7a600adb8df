import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what the dashboard draws (bar charts), so the rest of chart.js is left out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
// Readable beside the page's 16 px text, in the page's own font.
Chart.defaults.font.size = 13;
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.color = '#374151';

interface Props {
  config: ChartConfiguration<'bar'>;
  /** What the chart shows, for screen readers; the figures themselves are in the table. */
  label: string;
}

/** One chart.js chart on a canvas, rebuilt when its configuration changes. */
export function ChartCanvas({ config, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    // No 2D context (a test's DOM, a locked-down browser): the table carries the figures.
    if (element === null || context === null || context === undefined) return;
    const chart = new Chart(context, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="dashboard-chart__canvas">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
