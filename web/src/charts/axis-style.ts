import type uPlot from 'uplot';

/** The dashboard's chart axes share one look: grey strokes, light grid and ticks. */
const AXIS_LOOK = { stroke: '#5b6675', grid: { stroke: '#e6e9ee', width: 1 }, ticks: { stroke: '#d5dae1', width: 1 } } as const;

/** The time axis along the bottom. */
export function timeAxis(): uPlot.Axis {
  return { ...AXIS_LOOK };
}

/** A value axis on the left: `size` is its width in pixels; a label is drawn along it when given. */
export function valueAxis(size: number, options: Omit<uPlot.Axis, 'stroke' | 'grid' | 'ticks' | 'size'> = {}): uPlot.Axis {
  const labelled = options.label === undefined ? {} : { labelSize: 18, labelFont: '12px system-ui, sans-serif' };
  return { ...AXIS_LOOK, size, ...labelled, ...options };
}
