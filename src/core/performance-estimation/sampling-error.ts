/**
 * Sampling error of a chunk's metric, as NannyML computes it: from the labelled reference, the spread of the
 * metric's per-row contributions (std or variance) and the share of rows that take part in it; for a chunk of
 * n rows the error is that spread over sqrt(n × share), the standard error of a mean of n × share rows.
 * Multiclass: the per-class variances combine as sqrt(Σ var_k / (n × share_k)) / K (ROC AUC × 1.2, NannyML's
 * correction for its one-vs-rest average).
 */
import { argsortAscending } from './argsort.ts';
import type { CbpeMetric } from './metric-names.ts';
import type { LabelledRows } from './realized-metrics.ts';

/** Per class (binary: one entry): the spread (std for binary, variance for multiclass) and the share. */
export interface SamplingErrorComponents {
  readonly metric: CbpeMetric;
  readonly multiclass: boolean;
  readonly parts: ReadonlyArray<{ readonly spread: number; readonly share: number }>;
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Population variance, as numpy's np.var (ddof 0); NaN for no values. */
function variance(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return s / values.length;
}

/** Bernoulli contributions of `ones` ones and `zeros` zeros, scaled by `factor`. */
function bernoulliVariance(ones: number, zeros: number, factor = 1): number {
  const n = ones + zeros;
  if (n === 0) return Number.NaN;
  const p = ones / n;
  return factor * factor * p * (1 - p);
}

/**
 * Spread of the Mann–Whitney terms of ROC AUC (NannyML's auroc components): with the minority as the
 * positive class, the rows ranked by score, each positive above rank 0 contributes (its rank − how many
 * such positives rank below it) / negatives.
 */
function aurocComponent(labels: ArrayLike<number>, scores: ArrayLike<number>, positive: number): { variance: number; share: number } {
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] === positive) positives++;
  const flip = positives / n > 0.5;
  const isPositive = (i: number): boolean => (labels[i] === positive) !== flip;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = flip ? 1 - scores[i]! : scores[i]!;
  const order = argsortAscending(keys);
  const minority = flip ? n - positives : positives;
  const negatives = n - minority;
  const terms: number[] = [];
  for (let rank = 1; rank < n; rank++) if (isPositive(order[rank]!)) terms.push((rank - terms.length) / negatives);
  return { variance: variance(terms), share: minority / n };
}

/** The one-vs-rest count contributions of class `positive` for a metric (NannyML's obs-level arrays). */
function countComponent(
  metric: CbpeMetric,
  rows: LabelledRows,
  positive: number,
  multiclass: boolean,
): { variance: number; share: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const n = rows.labels.length;
  for (let i = 0; i < n; i++) {
    const actual = rows.labels[i] === positive;
    const predicted = rows.predictions[i] === positive;
    if (actual && predicted) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    else tn++;
  }
  switch (metric) {
    case 'precision':
      return { variance: bernoulliVariance(tp, fp), share: (tp + fp) / n };
    case 'recall':
      return { variance: bernoulliVariance(tp, fn), share: (tp + fn) / n };
    case 'specificity':
      return { variance: bernoulliVariance(tn, fp), share: (tn + fp) / n };
    case 'f1': {
      // Binary F1 rescales the contributions so their mean is the F1 (NannyML's correcting factor);
      // its multiclass version does not.
      const relevant = tp + fp + fn;
      const factor = multiclass || relevant === 0 ? 1 : relevant / ((fn + fp) * 0.5 + tp);
      return { variance: bernoulliVariance(tp, fp + fn, factor), share: relevant / n };
    }
    default:
      throw new RangeError(`no count component for ${metric}`);
  }
}

/** Fits the components on the labelled reference (raw scores, not calibrated ones, as NannyML does). */
export function fitSamplingError(metric: CbpeMetric, rows: LabelledRows, classCount: number): SamplingErrorComponents {
  const multiclass = rows.scores.length > 1;
  if (metric === 'accuracy') {
    let right = 0;
    for (let i = 0; i < rows.labels.length; i++) if (rows.labels[i] === rows.predictions[i]) right++;
    const v = bernoulliVariance(right, rows.labels.length - right);
    return { metric, multiclass, parts: [{ spread: Math.sqrt(v), share: 1 }] };
  }
  const classes = multiclass ? Array.from({ length: classCount }, (_, k) => k) : [1];
  const parts = classes.map((k) => {
    const c =
      metric === 'roc_auc' ? aurocComponent(rows.labels, rows.scores[multiclass ? k : 0]!, k) : countComponent(metric, rows, k, multiclass);
    return { spread: multiclass ? c.variance : Math.sqrt(c.variance), share: c.share };
  });
  return { metric, multiclass, parts };
}

/** The sampling error of the metric on a chunk of `rows` rows; NaN where a share is 0. */
export function samplingError(components: SamplingErrorComponents, rows: number): number {
  const { parts, multiclass, metric } = components;
  if (metric === 'accuracy') return parts[0]!.spread / Math.sqrt(rows);
  if (!multiclass) return parts[0]!.spread / Math.sqrt(rows * parts[0]!.share);
  let sum = 0;
  for (const p of parts) sum += p.spread / (rows * p.share);
  const std = Math.sqrt(sum) / parts.length;
  return metric === 'roc_auc' ? std * 1.2 : std;
}
