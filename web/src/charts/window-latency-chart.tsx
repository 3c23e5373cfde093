import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxis, valueAxis } from './axis-style.ts';
import { formatLatency } from '../lib/format.ts';
import type { LatencySeriesPoints } from '../performance/performance-latest.ts';
import { niceCeiling } from './latency-series.ts';

const height = 200;
const lines = [
  { label: 'p50', stroke: '#0072b2', dash: undefined },
  { label: 'p95', stroke: '#e69f00', dash: [6, 3] },
  { label: 'p99', stroke: '#d55e00', dash: [2, 3] },
] as const;

/** p50, p95 and p99 latency per window, from the server's mergeable sketches. */
export function WindowLatencyChart({ points, label }: { points: LatencySeriesPoints; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height,
        cursor: { drag: { x: true, y: false } },
        legend: { show: true, live: true },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, niceCeiling(max)] } },
        axes: [timeAxis(), valueAxis(64, { values: (_u, ticks) => ticks.map((tick) => `${tick} ms`) })],
        series: [
          { label: 'Window' },
          ...lines.map((line) => ({
            label: line.label,
            stroke: line.stroke,
            width: 1.5,
            ...(line.dash && { dash: [...line.dash] }),
            points: { show: true, size: 4, fill: line.stroke },
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatLatency(v)),
          })),
        ],
      },
      [points.times, points.p50, points.p95, points.p99],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [points]);

  return <div class="chart" ref={container} role="img" aria-label={label} data-testid="latency-windows-chart" />;
}
