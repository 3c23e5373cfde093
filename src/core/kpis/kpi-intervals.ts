import { Moments } from '../sketches/moments.ts';
import { studentTQuantile } from './student-t.ts';

/** The 97.5% quantile of the standard normal: a two-sided 95% interval is ±Z_95 standard errors. */
const Z_95 = 1.959963984540054;

/**
 * A KPI's value in one window for one version, with its 95% confidence interval. `value` is null
 * when nothing was there to measure; `lower`/`upper` are null when the data cannot bound it (a mean
 * of one event has no spread to build an interval from).
 */
export interface KpiEstimate {
  readonly value: number | null;
  readonly count: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * A rate: the share of `predictions` with at least one event, with Wilson's score interval, which
 * keeps inside [0, 1] and stays honest near 0 and 1 and on small counts, where the normal interval
 * p ± z·sqrt(p(1-p)/n) collapses to a point (scipy's binomtest(...).proportion_ci(method='wilson')).
 */
export function rateEstimate(withEvent: number, predictions: number): KpiEstimate {
  if (predictions <= 0) return { value: null, count: 0, lower: null, upper: null };
  const n = predictions;
  const p = withEvent / n;
  const z2 = Z_95 * Z_95;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (Z_95 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At p = 0 or 1 the bound is exactly 0 or 1; rounding must not leave it a hair outside.
  return {
    value: p,
    count: n,
    lower: withEvent === 0 ? 0 : Math.max(0, center - half),
    upper: withEvent === n ? 1 : Math.min(1, center + half),
  };
}

/** A mean of event values with Student's t interval (scipy.stats.t.interval with the standard error of the mean). */
export function meanEstimate(values: Moments): KpiEstimate {
  const n = values.count;
  if (n === 0) return { value: null, count: 0, lower: null, upper: null };
  if (n < 2) return { value: values.mean, count: n, lower: null, upper: null };
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(values.sampleVariance / n);
  return { value: values.mean, count: n, lower: values.mean - half, upper: values.mean + half };
}

/**
 * A window's total of event values over `predictions` logged predictions, each contributing the sum
 * of its own events (0 when it has none): n × mean of those per-prediction sums, with the normal
 * interval n × (mean ± z·s/√n). `sums` holds the predictions that had events; the rest are zeros.
 */
export function sumEstimate(predictions: number, sums: Moments): KpiEstimate {
  if (predictions <= 0) return { value: null, count: 0, lower: null, upper: null };
  const all = perPredictionSums(predictions, sums);
  const total = all.mean * predictions;
  if (predictions < 2) return { value: total, count: predictions, lower: null, upper: null };
  const half = Z_95 * predictions * Math.sqrt(all.sampleVariance / predictions);
  return { value: total, count: predictions, lower: total - half, upper: total + half };
}

/** The moments of every prediction's sum: those with events, and a zero for each of the others. */
export function perPredictionSums(predictions: number, sums: Moments): Moments {
  const zeros = new Moments();
  zeros.addWeighted(0, predictions - sums.count);
  return sums.clone().merge(zeros);
}
