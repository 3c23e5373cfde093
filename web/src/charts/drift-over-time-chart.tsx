import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxis, valueAxis } from './axis-style.ts';
import type { ColumnDriftSeries } from '../monitoring/drift-series.ts';
import { effectAxisMax } from '../monitoring/drift-series.ts';
import { effectLabel, formatP, formatStatistic } from '../monitoring/drift-wording.ts';

const height = 240;
const effectColor = '#0072b2';
const thresholdColor = '#7a5c00';
const driftedColor = '#d55e00';
const selectedColor = 'rgba(51, 63, 79, 0.55)';

/**
 * One column's effect size per window against its threshold (dashed), drifted windows marked with a
 * larger point in another hue (and shape: a ring), and the chosen window as a vertical line. A
 * click picks the window nearest to it. Gaps are windows without traffic or without a comparison.
 */
export function DriftOverTimeChart({
  series,
  selectedIndex,
  onPick,
  label,
}: {
  series: ColumnDriftSeries;
  selectedIndex: number | undefined;
  onPick: (index: number) => void;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | undefined>(undefined);
  const selected = useRef(selectedIndex);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const top = effectAxisMax(series);
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height,
        cursor: { drag: { x: false, y: false }, points: { size: 8 } },
        legend: { show: true, live: true },
        scales: {
          x: { time: true, range: () => [series.times[0] ?? series.end, series.end] },
          y: { range: () => [0, top] },
        },
        axes: [timeAxis(), valueAxis(56, { label: effectLabel(series.effectName) })],
        series: [
          { label: 'Window' },
          {
            label: 'Effect size',
            stroke: effectColor,
            width: 1.5,
            points: { show: true, size: 5, fill: effectColor },
            value: (_u, _v, _s, i) => (i === null ? '—' : `${formatStatistic(series.effects[i])} (p ${formatP(series.pValues[i])})`),
          },
          {
            label: 'Threshold',
            stroke: thresholdColor,
            width: 1,
            dash: [6, 4],
            points: { show: false },
            spanGaps: true,
            value: (_u, value) => formatStatistic(value),
          },
          {
            label: 'Drifted',
            stroke: driftedColor,
            width: 0,
            paths: () => null,
            points: { show: true, size: 11, width: 2.5, stroke: driftedColor, fill: '#ffffff' },
            value: (_u, value) => (value === null ? 'no' : 'yes'),
          },
        ],
        hooks: {
          ready: [
            (u) => {
              u.over.addEventListener('click', () => {
                const left = u.cursor.left;
                if (left === undefined || left < 0) return;
                pick.current(u.posToIdx(left));
              });
            },
          ],
          draw: [
            (u) => {
              const index = selected.current;
              const time = index === undefined ? undefined : series.times[index];
              if (time === undefined) return;
              const x = Math.round(u.valToPos(time, 'x', true));
              const { ctx, bbox } = u;
              ctx.save();
              ctx.strokeStyle = selectedColor;
              ctx.lineWidth = 2 * (window.devicePixelRatio || 1);
              ctx.beginPath();
              ctx.moveTo(x, bbox.top);
              ctx.lineTo(x, bbox.top + bbox.height);
              ctx.stroke();
              ctx.restore();
            },
          ],
        },
      },
      [series.times, series.effects, series.thresholds, series.drifted],
      element,
    );
    chartRef.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      chartRef.current = undefined;
    };
  }, [series]);

  useEffect(() => {
    selected.current = selectedIndex;
    chartRef.current?.redraw(false, false);
  }, [selectedIndex, series]);

  return <div class="chart chart--clickable" ref={container} role="img" aria-label={label} data-testid="drift-chart" />;
}
