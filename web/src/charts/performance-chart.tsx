import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxis, valueAxis } from './axis-style.ts';
import { formatNumber, formatShare } from '../lib/format.ts';
import type { PerformanceSeries } from '../performance/performance-series.ts';
import { BAND_SIGMAS, metricAxisRange } from '../performance/performance-series.ts';

const height = 280;
const estimatedColor = '#0072b2';
const bandFill = 'rgba(0, 114, 178, 0.14)';
const realizedColor = '#009e73';
const boundColor = '#7a5c00';
const alertColor = '#d55e00';
const shareColor = 'rgba(91, 102, 117, 0.55)';

const show = (value: number | null | undefined) => (value === null || value === undefined ? '—' : formatNumber(value));

/**
 * One metric of one version per window: the estimate (blue) inside its sampling band, the realised
 * value from labels (green), the alert bounds (dashed), alerted windows ringed, and on the right
 * axis the share of the window's predictions that have a label (grey steps), which says how much
 * of the realised line there is to trust. Colours are from a palette readable with colour blindness;
 * the lines also differ in shape (dashes, rings, steps).
 */
export function PerformanceChart({ series, label }: { series: PerformanceSeries; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const [low, high] = metricAxisRange(series);
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height,
        cursor: { drag: { x: true, y: false }, points: { size: 7 } },
        legend: { show: true, live: true },
        scales: {
          x: { time: true, range: () => [series.times[0] ?? series.end, series.end] },
          y: { range: () => [low, high] },
          share: { range: () => [0, 1] },
        },
        axes: [
          timeAxis(),
          valueAxis(60, { label: series.metric }),
          {
            ...valueAxis(52, { scale: 'share', side: 1, label: 'labelled', values: (_u, ticks) => ticks.map((tick) => formatShare(tick)) }),
            // The left axis draws the grid; a second one would cross it.
            grid: { show: false },
          },
        ],
        series: [
          { label: 'Window' },
          { label: `Band +${BAND_SIGMAS}σ`, stroke: 'transparent', points: { show: false }, value: (_u, v) => show(v) },
          { label: `Band −${BAND_SIGMAS}σ`, stroke: 'transparent', points: { show: false }, value: (_u, v) => show(v) },
          {
            label: 'Estimated',
            stroke: estimatedColor,
            width: 2,
            points: { show: true, size: 4, fill: estimatedColor },
            value: (_u, v) => show(v),
          },
          {
            label: 'Realised',
            stroke: realizedColor,
            width: 2,
            points: { show: true, size: 6, fill: realizedColor },
            value: (_u, v) => show(v),
          },
          { label: 'Alert below', stroke: boundColor, width: 1, dash: [6, 4], points: { show: false }, value: (_u, v) => show(v) },
          { label: 'Alert above', stroke: boundColor, width: 1, dash: [6, 4], points: { show: false }, value: (_u, v) => show(v) },
          {
            label: 'Alert',
            stroke: alertColor,
            width: 0,
            paths: () => null,
            points: { show: true, size: 11, width: 2.5, stroke: alertColor, fill: '#ffffff' },
            value: (_u, v) => (v === null ? 'no' : 'yes'),
          },
          {
            label: 'Labelled',
            scale: 'share',
            stroke: shareColor,
            width: 1,
            paths: uPlot.paths.stepped!({ align: 1 }),
            points: { show: false },
            value: (_u, v) => (v === null ? '—' : formatShare(v)),
          },
        ],
        bands: [{ series: [1, 2], fill: bandFill }],
      },
      [
        series.times,
        series.bandUpper,
        series.bandLower,
        series.estimated,
        series.realized,
        series.alertLower,
        series.alertUpper,
        series.alerts,
        series.labelledShare,
      ],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [series]);

  return <div class="chart chart--performance" ref={container} role="img" aria-label={label} data-testid="performance-chart" />;
}
