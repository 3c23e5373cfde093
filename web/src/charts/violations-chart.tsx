import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatInteger } from '../lib/format.ts';
import { niceCeiling } from './latency-series.ts';
import type { ViolationChartData } from './violation-series.ts';

const height = 240;

/** Colour-blind-safe hues (Okabe–Ito), one per column; a column keeps its hue in both policies. */
const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a5c00', '#333f4f'];

export function columnColor(columns: readonly string[], column: string): string {
  return palette[Math.max(0, columns.indexOf(column)) % palette.length]!;
}

/**
 * Violations over time, one stepped line per column and policy: rejects solid and filled, flags
 * dashed, so the two read apart even in grey. Points mark the buckets where something broke. The
 * totals table beside it carries the same information as text.
 */
export function ViolationsChart({ data, bucket, label }: { data: ViolationChartData; bucket: string; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const columns = [...new Set(data.series.map((s) => s.column))].sort();
    const stepped = uPlot.paths.stepped!({ align: 1 });
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height,
        cursor: { drag: { x: true, y: false } },
        legend: { show: true, live: true },
        scales: {
          x: { time: true, range: () => [data.times[0] ?? data.end, data.end] },
          y: { range: (_u, _min, max) => [0, Math.max(niceCeiling(max), 1)] },
        },
        axes: [
          { stroke: '#5b6675', grid: { stroke: '#e6e9ee', width: 1 }, ticks: { stroke: '#d5dae1', width: 1 } },
          {
            stroke: '#5b6675',
            grid: { stroke: '#e6e9ee', width: 1 },
            ticks: { stroke: '#d5dae1', width: 1 },
            size: 56,
            label: `violations ${bucket}`,
            labelSize: 18,
            labelFont: '12px system-ui, sans-serif',
            // Counts are whole: no tick at 0.5 violations.
            incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000, 1_000_000],
            values: (_u, ticks) => ticks.map((tick) => formatInteger(tick)),
          },
        ],
        series: [
          { label: 'Time' },
          ...data.series.map((series): uPlot.Series => {
            const color = columnColor(columns, series.column);
            const reject = series.policy === 'reject';
            return {
              label: `${series.column} · ${series.policy}`,
              stroke: color,
              width: reject ? 2 : 1.5,
              dash: reject ? undefined : [6, 4],
              fill: reject ? `${color}1f` : undefined,
              paths: stepped,
              points: {
                show: true,
                size: 6,
                space: 0,
                fill: reject ? color : '#ffffff',
                filter: (u, seriesIndex) => nonZero(u.data[seriesIndex] as (number | null)[]),
              },
              value: (_u, value) => (value === null ? '—' : formatInteger(value)),
            };
          }),
        ],
      },
      [data.times, ...data.series.map((s) => s.counts)],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [data, bucket]);

  return <div class="chart" ref={container} role="img" aria-label={label} data-testid="violations-chart" />;
}

function nonZero(values: readonly (number | null)[]): number[] {
  const indices: number[] = [];
  values.forEach((value, index) => {
    if (value !== null && value > 0) indices.push(index);
  });
  return indices;
}
