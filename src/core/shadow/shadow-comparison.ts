/**
 * How a shadow's answers compare with the primary's on the same requests (the shadow report), from
 * pairs of outputs joined on the primary's prediction id:
 *   - agreement: classifiers, the same label; regressors, |shadow − primary| ≤ tolerance ×
 *     max(|primary|, 1) (default tolerance 0.01: within 1% of the primary's value, or 0.01 below 1);
 *   - label flip rate: classifiers only, the share whose label changed (1 − agreement), with the
 *     flips counted by direction;
 *   - score difference: shadow − primary of the positive class's probability (two classes: classes[1];
 *     more: the class the primary predicted), or of the value; mean, quantiles (linear interpolation,
 *     numpy's default), the largest absolute difference and a 20-bin histogram between min and max;
 *   - slices: per categorical input its 10 commonest values (the rest "(other)"), per numeric input
 *     the quartile bins of the compared rows, missing values apart; slices of fewer than
 *     `minSliceRows` rows are left out, and the rest come worst first (lowest agreement, then largest
 *     mean absolute difference);
 *   - realised performance of both on the rows whose primary prediction has a label.
 */
import { binLabels } from '../drift/bin-labels.ts';
import { summarizeLatencies } from '../latency-summary.ts';
import { METRICS, type MetricName } from '../performance/metric-registry.ts';
import { OTHER_SLICE, SlicePlan } from '../performance/slice-plan.ts';
import type { ClassLabel, FeatureSpec } from '../signature.ts';
import type { RowOutput } from './shadow-record.ts';

export interface ShadowPair {
  readonly primary: RowOutput;
  readonly shadow: RowOutput;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly primaryLatencyMs: number;
  /** The primary prediction's current label, when one arrived. */
  readonly label?: ClassLabel;
}

export interface ComparisonOptions {
  /** The primary's classes in probability order (empty for a regressor), and the shadow's. */
  readonly classes: readonly ClassLabel[];
  readonly shadowClasses: readonly ClassLabel[];
  /** The inputs to slice by (the stable version's). */
  readonly inputs: readonly FeatureSpec[];
  readonly tolerance?: number;
  readonly minSliceRows?: number;
}

const DEFAULT_REGRESSION_TOLERANCE = 0.01;
const DEFAULT_MIN_SLICE_ROWS = 10;
const HISTOGRAM_BINS = 20;
const MAX_CATEGORIES = 10;
const CLASSIFICATION_METRICS: readonly MetricName[] = ['accuracy', 'balanced_accuracy', 'f1', 'roc_auc', 'log_loss', 'brier'];
const REGRESSION_METRICS: readonly MetricName[] = ['mae', 'rmse', 'r2'];

export interface ScoreDifference {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max_abs: number | null;
  histogram: { edges: number[]; counts: number[] };
}

export interface ShadowSlice {
  column: string;
  slice: string;
  rows: number;
  agreement_rate: number;
  label_flip_rate: number | null;
  mean_abs_score_difference: number;
}

export interface ShadowComparison {
  rows: number;
  agreement_rate: number | null;
  label_flip_rate: number | null;
  /** Null for a classifier. */
  agreement_tolerance: number | null;
  flips: { from: ClassLabel; to: ClassLabel; rows: number }[];
  score_difference: ScoreDifference;
  primary_latency: { p50_ms: number | null; p99_ms: number | null };
  slices: ShadowSlice[];
  performance: { labelled_rows: number; primary: Record<string, number | null>; shadow: Record<string, number | null> };
}

interface Compared {
  readonly agree: boolean;
  readonly flipped: boolean;
  readonly difference: number;
}

export function compareShadow(pairs: readonly ShadowPair[], options: ComparisonOptions): ShadowComparison {
  const classifier = options.classes.length > 0;
  const tolerance = options.tolerance ?? DEFAULT_REGRESSION_TOLERANCE;
  const compared = pairs.map((pair) => comparePair(pair, options, tolerance));
  const flips = new Map<string, { from: ClassLabel; to: ClassLabel; rows: number }>();
  for (let i = 0; i < pairs.length; i++) {
    if (!compared[i]!.flipped) continue;
    const from = (pairs[i]!.primary as { label: ClassLabel }).label;
    const to = (pairs[i]!.shadow as { label: ClassLabel }).label;
    const key = JSON.stringify([from, to]);
    const entry = flips.get(key) ?? { from, to, rows: 0 };
    entry.rows += 1;
    flips.set(key, entry);
  }
  const agreement = share(compared, (c) => c.agree);
  const latency = summarizeLatencies(pairs.map((p) => p.primaryLatencyMs));
  return {
    rows: pairs.length,
    agreement_rate: agreement,
    label_flip_rate: classifier && agreement !== null ? share(compared, (c) => c.flipped) : null,
    agreement_tolerance: classifier ? null : tolerance,
    flips: [...flips.values()].sort((a, b) => b.rows - a.rows),
    score_difference: scoreDifference(compared.map((c) => c.difference)),
    primary_latency: { p50_ms: latency?.p50Ms ?? null, p99_ms: latency?.p99Ms ?? null },
    slices: slices(pairs, compared, options, classifier),
    performance: performance(pairs, options),
  };
}

function comparePair(pair: ShadowPair, options: ComparisonOptions, tolerance: number): Compared {
  const { primary, shadow } = pair;
  if ('value' in primary) {
    const value = 'value' in shadow ? shadow.value : Number.NaN;
    const difference = value - primary.value;
    return { agree: Math.abs(difference) <= tolerance * Math.max(Math.abs(primary.value), 1), flipped: false, difference };
  }
  const shadowLabel = 'label' in shadow ? shadow.label : undefined;
  const scored = options.classes.length === 2 ? options.classes[1]! : primary.label;
  const p = primary.probabilities[options.classes.indexOf(scored)] ?? Number.NaN;
  const q = 'probabilities' in shadow ? (shadow.probabilities[options.shadowClasses.indexOf(scored)] ?? 0) : Number.NaN;
  const agree = shadowLabel === primary.label;
  return { agree, flipped: !agree, difference: q - p };
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number | null {
  if (items.length === 0) return null;
  let n = 0;
  for (const item of items) if (test(item)) n++;
  return n / items.length;
}

/** numpy's default (linear) quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function scoreDifference(differences: readonly number[]): ScoreDifference {
  const sorted = differences.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  if (sorted.length === 0) return { mean: null, p50: null, p90: null, p99: null, max_abs: null, histogram: { edges: [], counts: [] } };
  const min = sorted[0]!;
  const max = sorted.at(-1)!;
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const d of sorted) counts[width === 0 ? 0 : Math.min(bins - 1, Math.floor((d - min) / width))]! += 1;
  return {
    mean: sorted.reduce((sum, d) => sum + d, 0) / sorted.length,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max_abs: Math.max(Math.abs(min), Math.abs(max)),
    histogram: { edges, counts },
  };
}

/** Cuts the compared rows by the stable version's inputs: quartiles of the numbers seen, the commonest categories. */
function slicePlanOf(pairs: readonly ShadowPair[], inputs: readonly FeatureSpec[]): SlicePlan {
  const columns = inputs.map((input) => {
    const values = pairs.map((p) => p.inputs[input.name]);
    if (input.type === 'string' || input.type === 'category') {
      const counts = new Map<string, number>();
      for (const v of values) if (v !== null && v !== undefined) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CATEGORIES);
      return { name: input.name, kind: 'categorical' as const, categories: new Set(top.map(([c]) => c)), numbers: false };
    }
    const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
    const edges = numbers.length === 0 ? [] : [...new Set([0.25, 0.5, 0.75].map((q) => quantile(numbers, q)))];
    return { name: input.name, kind: 'numeric' as const, edges, labels: binLabels(edges) };
  });
  return new SlicePlan(columns);
}

function slices(
  pairs: readonly ShadowPair[],
  compared: readonly Compared[],
  options: ComparisonOptions,
  classifier: boolean,
): ShadowSlice[] {
  const plan = slicePlanOf(pairs, options.inputs);
  const groups = new Map<string, { column: string; slice: string; rows: number; agree: number; flips: number; absDiff: number }>();
  plan.columns.forEach((column, index) => {
    pairs.forEach((pair, row) => {
      const slice = plan.sliceOf(index, pair.inputs[column.name]);
      const key = `${column.name}\u0000${slice}`;
      const g = groups.get(key) ?? { column: column.name, slice, rows: 0, agree: 0, flips: 0, absDiff: 0 };
      const c = compared[row]!;
      g.rows += 1;
      if (c.agree) g.agree += 1;
      if (c.flipped) g.flips += 1;
      if (Number.isFinite(c.difference)) g.absDiff += Math.abs(c.difference);
      groups.set(key, g);
    });
  });
  const min = options.minSliceRows ?? DEFAULT_MIN_SLICE_ROWS;
  return [...groups.values()]
    .filter((g) => g.rows >= min)
    .map((g) => ({
      column: g.column,
      slice: g.slice,
      rows: g.rows,
      agreement_rate: g.agree / g.rows,
      label_flip_rate: classifier ? g.flips / g.rows : null,
      mean_abs_score_difference: g.absDiff / g.rows,
    }))
    .sort(
      (a, b) =>
        a.agreement_rate - b.agreement_rate ||
        b.mean_abs_score_difference - a.mean_abs_score_difference ||
        b.rows - a.rows ||
        (a.slice === OTHER_SLICE ? 1 : 0) - (b.slice === OTHER_SLICE ? 1 : 0),
    );
}

/** Realised metrics of both on the labelled rows; a metric that cannot be computed there (one class for ROC AUC) is null. */
function performance(pairs: readonly ShadowPair[], options: ComparisonOptions): ShadowComparison['performance'] {
  const labelled = pairs.filter((p) => p.label !== undefined);
  const primary: Record<string, number | null> = {};
  const shadow: Record<string, number | null> = {};
  if (labelled.length === 0) return { labelled_rows: 0, primary, shadow };
  const classifier = options.classes.length > 0;
  for (const name of classifier ? CLASSIFICATION_METRICS : REGRESSION_METRICS) {
    primary[name] = metric(name, labelled, (p) => p.primary, options.classes, options.classes);
    shadow[name] = metric(name, labelled, (p) => p.shadow, options.classes, options.shadowClasses);
  }
  return { labelled_rows: labelled.length, primary, shadow };
}

function metric(
  name: MetricName,
  pairs: readonly ShadowPair[],
  pick: (pair: ShadowPair) => RowOutput,
  classes: readonly ClassLabel[],
  ownClasses: readonly ClassLabel[],
): number | null {
  try {
    const definition = METRICS[name];
    let value: number;
    if (definition.task === 'regression') {
      value = definition.compute({ yTrue: pairs.map((p) => Number(p.label)), yPred: pairs.map((p) => valueOf(pick(p))) });
    } else {
      // The shadow's probabilities put in the primary's class order, so both are scored on the same classes.
      const order = classes.map((c) => ownClasses.indexOf(c));
      value = definition.compute({
        classes,
        yTrue: pairs.map((p) => p.label!),
        yPred: pairs.map((p) => labelOf(pick(p))),
        probabilities: pairs.map((p) => {
          const out = pick(p);
          return 'probabilities' in out ? order.map((i) => (i < 0 ? 0 : out.probabilities[i]!)) : classes.map(() => Number.NaN);
        }),
      });
    }
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function valueOf(out: RowOutput): number {
  return 'value' in out ? out.value : Number.NaN;
}

function labelOf(out: RowOutput): ClassLabel {
  return 'label' in out ? out.label : Number.NaN;
}
