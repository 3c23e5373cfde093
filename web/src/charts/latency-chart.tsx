import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxis, valueAxis } from './axis-style.ts';
import { formatLatency } from '../lib/format.ts';
import type { LatencySeries } from './latency-series.ts';
import { niceCeiling } from './latency-series.ts';

const height = 220;

/**
 * Latency of each recent prediction over time. The figures beside it carry the same information as
 * text; the canvas itself is labelled as an image for assistive technology.
 */
export function LatencyChart({ series, label }: { series: LatencySeries; label: string }) {
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
          { label: 'Time' },
          {
            label: 'Latency',
            stroke: '#2f6fb3',
            width: 1.5,
            fill: 'rgba(47, 111, 179, 0.08)',
            points: { show: true, size: 5, fill: '#2f6fb3' },
            value: (_u, value) => (value === null ? '—' : formatLatency(value)),
          },
        ],
      },
      [series.times, series.latencies],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [series]);

  return <div class="chart" ref={container} role="img" aria-label={label} />;
}
