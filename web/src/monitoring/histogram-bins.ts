import type { DistributionPlot, DriftColumnType } from '../api/monitoring-types.ts';

/**
 * The reference and current distributions of a column in one window, as shares of each side's
 * present values: a minute of traffic against the whole training set would otherwise compare sample
 * sizes instead of shapes. Categories beyond a readable number are merged into one bar.
 */

export const MAX_CATEGORY_BARS = 20;

export interface HistogramBin {
  readonly label: string;
  readonly reference: number;
  readonly current: number;
}

export interface HistogramData {
  readonly bins: readonly HistogramBin[];
  readonly referenceTotal: number;
  readonly currentTotal: number;
  /** Categories folded into the last bar (0 when none). */
  readonly merged: number;
  /** The largest share on either side, for the axis. */
  readonly maxShare: number;
}

export function shares(counts: readonly number[]): number[] {
  const total = sum(counts);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/**
 * Numeric bins stay in order, all of them (about twenty equal-width bins, core/drift/plot-bins.ts). Categories: the
 * largest by the larger of their two shares stay (so a category new in the current data is kept),
 * in their original order; the rest, with any "(other)" the server already made, become one bar.
 */
export function histogramData(plot: DistributionPlot, type: DriftColumnType, maxBars = MAX_CATEGORY_BARS): HistogramData {
  const reference = shares(plot.reference);
  const current = shares(plot.current);
  const all = plot.bins.map((label, i) => ({ label, reference: reference[i] ?? 0, current: current[i] ?? 0 }));
  const totals = { referenceTotal: sum(plot.reference), currentTotal: sum(plot.current) };
  if (type === 'numeric' || all.length <= maxBars) return { bins: all, merged: 0, maxShare: maxShare(all), ...totals };

  const isOther = (label: string) => label === '(other)';
  const kept = new Set(
    all
      .map((bin, index) => ({ bin, index }))
      .filter(({ bin }) => !isOther(bin.label))
      .sort((a, b) => Math.max(b.bin.reference, b.bin.current) - Math.max(a.bin.reference, a.bin.current) || a.index - b.index)
      .slice(0, maxBars - 1)
      .map(({ index }) => index),
  );
  const rest = all.filter((_, i) => !kept.has(i));
  const merged = rest.filter((bin) => !isOther(bin.label)).length + (rest.some((bin) => isOther(bin.label)) ? 1 : 0);
  const other = { label: `(${merged} others)`, reference: sum(rest.map((b) => b.reference)), current: sum(rest.map((b) => b.current)) };
  const bins = [...all.filter((_, i) => kept.has(i)), other];
  return { bins, merged, maxShare: maxShare(bins), ...totals };
}

/** The bin whose share moved the most: what the sentence under the chart points at. */
export function largestShift(data: HistogramData): { readonly bin: HistogramBin; readonly change: number } | undefined {
  let best: { bin: HistogramBin; change: number } | undefined;
  for (const bin of data.bins) {
    const change = bin.current - bin.reference;
    if (best === undefined || Math.abs(change) > Math.abs(best.change)) best = { bin, change };
  }
  return best;
}

function maxShare(bins: readonly HistogramBin[]): number {
  return Math.max(0, ...bins.map((b) => Math.max(b.reference, b.current)));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
