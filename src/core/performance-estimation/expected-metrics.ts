/**
 * CBPE's estimates: with calibrated probabilities, each row contributes its probability of being right to the
 * expected confusion matrix, and the metrics are read off that matrix (NannyML's estimate_* functions).
 * An empty denominator gives 0, as NannyML's estimates do.
 */
import { argsortDescending } from './argsort.ts';
import type { CbpeMetric } from './metric-names.ts';

export interface ExpectedCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** The expected one-vs-rest confusion matrix of class `positive`, from its calibrated probabilities. */
export function expectedCounts(probabilities: ArrayLike<number>, predictions: ArrayLike<number>, positive: number): ExpectedCounts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (predictions[i] === positive) {
      c.tp += p;
      c.fp += 1 - p;
    } else {
      c.fn += p;
      c.tn += 1 - p;
    }
  }
  return c;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function metricFromCounts(metric: Exclude<CbpeMetric, 'roc_auc'>, c: ExpectedCounts): number {
  switch (metric) {
    case 'accuracy':
      return (c.tp + c.tn) / (c.tp + c.fp + c.fn + c.tn);
    case 'precision':
      return ratio(c.tp, c.tp + c.fp);
    case 'recall':
      return ratio(c.tp, c.tp + c.fn);
    case 'f1':
      return ratio(c.tp, c.tp + 0.5 * (c.fp + c.fn));
    case 'specificity':
      return ratio(c.tn, c.tn + c.fp);
  }
}

/**
 * Estimated ROC AUC: rank rows by the model's own (uncalibrated) score, highest first, and accumulate the
 * calibrated probability of each row being positive as its expected true positive (and 1 - it as its false
 * positive); the area under that expected curve is the estimate. Counts are rounded to 5 decimals as
 * NannyML rounds them. Rows with equal scores enter the curve together (one point per distinct score, as
 * scikit-learn's roc_curve does), so the estimate does not depend on how a sort orders ties; NannyML steps
 * through ties one row at a time in its sort's order, the only difference, and none without ties.
 */
export function estimatedRocAuc(calibrated: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = scores.length;
  const order = argsortDescending(scores);
  const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;
  const tps: number[] = [0];
  const fps: number[] = [0];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const p = calibrated[order[k]!]!;
    tp += p;
    fp += 1 - p;
    if (k + 1 < n && scores[order[k + 1]!] === scores[order[k]!]) continue;
    tps.push(round5(tp));
    fps.push(round5(fp));
  }
  const totalTp = tps[tps.length - 1]!;
  const totalFp = fps[fps.length - 1]!;
  if (!(totalTp > 0) || !(totalFp > 0)) return Number.NaN;
  let area = 0;
  for (let k = 1; k < tps.length; k++) area += ((fps[k]! - fps[k - 1]!) / totalFp) * ((tps[k]! + tps[k - 1]!) / totalTp / 2);
  return area;
}

/** Binary estimates from the positive class's calibrated probability, predictions 0/1 and the raw score. */
export function estimateBinary(
  metric: CbpeMetric,
  calibrated: ArrayLike<number>,
  predictions: ArrayLike<number>,
  scores: ArrayLike<number>,
): number {
  if (metric === 'roc_auc') return estimatedRocAuc(calibrated, scores);
  return metricFromCounts(metric, expectedCounts(calibrated, predictions, 1));
}

/**
 * Multiclass estimates, macro averages of one-vs-rest estimates (NannyML's); accuracy is the mean calibrated
 * probability of the predicted class. `calibrated` and `scores` hold one array per class.
 */
export function estimateMulticlass(
  metric: CbpeMetric,
  calibrated: ReadonlyArray<ArrayLike<number>>,
  predictions: ArrayLike<number>,
  scores: ReadonlyArray<ArrayLike<number>>,
): number {
  const classCount = calibrated.length;
  if (metric === 'accuracy') {
    let sum = 0;
    for (let i = 0; i < predictions.length; i++) sum += calibrated[predictions[i]!]?.[i] ?? 0;
    return sum / predictions.length;
  }
  let sum = 0;
  for (let k = 0; k < classCount; k++) {
    sum +=
      metric === 'roc_auc'
        ? estimatedRocAuc(calibrated[k]!, scores[k]!)
        : metricFromCounts(metric, expectedCounts(calibrated[k]!, predictions, k));
  }
  return sum / classCount;
}
