/**
 * The worst slices of one window: slices with enough labelled rows whose metric is significantly worse
 * than the rest of the window (slice-tests.ts), with the Benjamini–Hochberg correction over every slice
 * tested in the window (all columns together: with many columns and bins, some slice is always worse by
 * chance), sorted by how much worse than the window overall, at most MAX_WORST_SLICES.
 * Classification is judged on accuracy, regression on mean absolute error.
 */
import { benjaminiHochberg } from '../drift/benjamini-hochberg.ts';
import { higherMeanPValue, lowerAccuracyPValue, momentsWithout, type SampleMoments } from './slice-tests.ts';

/** Fewer labelled rows than this and a slice is not tested: its metric is too noisy to call worse. */
const MIN_SLICE_LABELLED_ROWS = 30;
const MAX_WORST_SLICES = 5;
const FALSE_DISCOVERY_RATE = 0.05;

/** What a window knows of its labelled rows, overall or in one slice. */
export interface LabelledSummary {
  readonly labelledRows: number;
  /** Classification: rows whose predicted class was the true one. */
  readonly correct: number;
  /** Regression: the moments of the absolute errors |y − ŷ|. */
  readonly absoluteErrors: SampleMoments;
}

export interface SliceSummary extends LabelledSummary {
  readonly column: string;
  readonly slice: string;
  /** Logged predictions in the slice, labelled or not. */
  readonly rows: number;
}

export interface WorstSlice {
  readonly column: string;
  readonly slice: string;
  readonly rows: number;
  readonly labelled_rows: number;
  readonly metric: 'accuracy' | 'mae';
  readonly value: number;
  readonly overall: number;
  /** Benjamini–Hochberg adjusted, over the slices tested in this window. */
  readonly p_value: number;
}

export function worstSlices(
  task: 'classification' | 'regression',
  slices: readonly SliceSummary[],
  overall: LabelledSummary,
): WorstSlice[] {
  const tested = slices.filter((s) => s.labelledRows >= MIN_SLICE_LABELLED_ROWS && s.labelledRows < overall.labelledRows);
  const valueOf = (s: LabelledSummary): number => (task === 'classification' ? s.correct / s.labelledRows : s.absoluteErrors.mean);
  const raw = tested.map((s) =>
    task === 'classification'
      ? lowerAccuracyPValue(s.correct, s.labelledRows, overall.correct - s.correct, overall.labelledRows - s.labelledRows)
      : higherMeanPValue(s.absoluteErrors, momentsWithout(overall.absoluteErrors, s.absoluteErrors)),
  );
  const adjusted = benjaminiHochberg(raw);
  const whole = valueOf(overall);
  // How much worse than the window: accuracy lower, or error higher.
  const shortfall = (value: number): number => (task === 'classification' ? whole - value : value - whole);
  return tested
    .map((s, i) => ({ s, p: adjusted[i]!, value: valueOf(s) }))
    .filter(({ p, value }) => p < FALSE_DISCOVERY_RATE && shortfall(value) > 0)
    .sort((a, b) => shortfall(b.value) - shortfall(a.value) || a.p - b.p)
    .slice(0, MAX_WORST_SLICES)
    .map(({ s, p, value }) => ({
      column: s.column,
      slice: s.slice,
      rows: s.rows,
      labelled_rows: s.labelledRows,
      metric: task === 'classification' ? 'accuracy' : 'mae',
      value,
      overall: whole,
      p_value: p,
    }));
}
