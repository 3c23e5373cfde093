import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxis, valueAxis } from './axis-style.ts';
import { formatInteger } from '../lib/format.ts';
import { niceCeiling } from './latency-series.ts';
import type { ViolationChartData } from './violation-series.ts';
import { stackCounts } from './violation-series.ts';

const height = 240;

/** Colour-blind-safe hues (Okabe–Ito), one per column; a column keeps its hue in both policies. */
const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a5c00', '#333f4f'];

export function columnColor(columns: readonly string[], column: string): string {
  return palette[Math.max(0, columns.indexOf(column)) % palette.length]!;
}

/** Diagonal stripes in a column's hue: flags read apart from rejects (solid) even in grey. */
function hatch(color: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const context = tile.getContext('2d');
  if (context === null) return `${color}66`;
  context.fillStyle = `${color}26`;
  context.fillRect(0, 0, 6, 6);
  context.strokeStyle = color;
  context.lineWidth = 1.5;
  context.beginPath();
  context.moveTo(-1, 7);
  context.lineTo(7, -1);
  context.stroke();
  return context.createPattern(tile, 'repeat') ?? `${color}66`;
}

/**
 * Violations over time as stacked bars, one band per column and policy: rejects solid at the
 * bottom, flags hatched above, each column in its own hue. The legend shows each band's own count
 * (not the running total the bars are drawn from). The totals table beside it carries the same
 * information as text.
 */
export function ViolationsChart({ data, bucket, label }: { data: ViolationChartData; bucket: string; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const columns = [...new Set(data.series.map((s) => s.column))].sort();
    const stacked = stackCounts(data.series);
    const top = stacked.length === 0 ? 0 : Math.max(0, ...stacked[stacked.length - 1]!);
    const bars = uPlot.paths.bars!({ align: 1, size: [0.85, Infinity, 2] });
    // Drawn tallest first, so each shorter stack paints its own band over the taller ones.
    const order = data.series.map((_, k) => k).reverse();
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height,
        cursor: { drag: { x: true, y: false }, points: { show: false } },
        legend: { show: true, live: true },
        scales: {
          x: { time: true, range: () => [data.times[0] ?? data.end, data.end] },
          y: { range: () => [0, Math.max(niceCeiling(top), 1)] },
        },
        axes: [
          timeAxis(),
          valueAxis(56, {
            label: `violations ${bucket}`,
            // Counts are whole: no tick at 0.5 violations.
            incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000, 1_000_000],
            values: (_u, ticks) => ticks.map((tick) => formatInteger(tick)),
          }),
        ],
        series: [
          { label: 'Time' },
          ...order.map((k): uPlot.Series => {
            const series = data.series[k]!;
            const color = columnColor(columns, series.column);
            return {
              label: `${series.column} · ${series.policy}`,
              stroke: color,
              width: 1,
              fill: series.policy === 'reject' ? color : hatch(color),
              paths: bars,
              points: { show: false },
              value: (_u, _value, _seriesIndex, index) => (index === null ? '—' : formatInteger(series.counts[index] ?? 0)),
            };
          }),
        ],
      },
      // Nothing to draw where a band is empty: a zero-height bar would still leave a stroke on the axis.
      [data.times, ...order.map((k) => stacked[k]!.map((total, i) => (data.series[k]!.counts[i] === 0 ? null : total)))],
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
