/**
 * What one monitoring window keeps of its labelled regression predictions, mergeable across windows
 * and replicas (e = y_true − y_pred):
 *   - sums of |e|, e² and |e| / max(|y|, ε) → MAE, RMSE, MAPE (exact merge up to float rounding);
 *   - the moments of y_true (count, mean, M2 by Welford and Chan's merge, sketches/moments.ts) with the
 *     sum of e² → R² = 1 − Σe² / M2. M2 rather than Σy² − (Σy)²/n: the textbook form cancels
 *     catastrophically for targets like prices near 1e6 with a spread of 1;
 *   - a KLL sketch of |e| → the median absolute error. A median does not merge exactly from anything
 *     smaller than the data, so this one is approximate: the value returned has a true rank among the
 *     window's |e| within KllSketch.rankErrorBound(k) of one half (1.65% at k = 200, with probability
 *     99%); up to about k values it is exact — the sketch has not compacted — except that for an even
 *     count it returns the lower middle value, not sklearn's mean of the two.
 */
import type { Issue, IssuePath } from '../issues.ts';
import { KllSketch, type KllState } from '../sketches/kll.ts';
import { Moments, type MomentsState } from '../sketches/moments.ts';
import { absolutePercentageError, r2FromSums, type RegressionMetrics } from './regression-metrics.ts';

const DEFAULT_MEDIAN_SKETCH_K = 200;

export interface RegressionWindowState {
  count: number;
  absolute_error_sum: number;
  squared_error_sum: number;
  percentage_error_sum: number;
  y_true: MomentsState;
  absolute_errors: KllState;
}

/** The window's metrics: the same shape as the exact ones, the median from the sketch. */
export type RegressionWindowMetrics = RegressionMetrics;

export class RegressionWindow {
  private rows = 0;
  private absoluteErrorSum = 0;
  private squaredErrorSum = 0;
  private percentageErrorSum = 0;
  private readonly yTrue = new Moments();
  private absoluteErrors: KllSketch;

  /** Replicas should pass different seeds so their sketches' compaction errors are independent. */
  constructor(k = DEFAULT_MEDIAN_SKETCH_K, seed?: number) {
    this.absoluteErrors = new KllSketch(k, seed);
  }

  get count(): number {
    return this.rows;
  }

  /** Adds one labelled prediction, or returns its issues and leaves the window as it was. */
  add(yTrue: number, yPred: number, path: IssuePath = []): Issue[] {
    const issues: Issue[] = [];
    if (typeof yTrue !== 'number' || !Number.isFinite(yTrue))
      issues.push({
        code: 'invalid_value',
        path: [...path, 'value'],
        message: `must be a finite number, got ${typeof yTrue === 'string' ? JSON.stringify(yTrue) : String(yTrue)}`,
      });
    if (typeof yPred !== 'number' || !Number.isFinite(yPred))
      issues.push({ code: 'invalid_value', path: [...path, 'prediction'], message: `must be a finite number, got ${String(yPred)}` });
    if (issues.length > 0) return issues;
    const error = yTrue - yPred;
    this.rows += 1;
    this.absoluteErrorSum += Math.abs(error);
    this.squaredErrorSum += error * error;
    this.percentageErrorSum += absolutePercentageError(yTrue, yPred);
    this.yTrue.add(yTrue);
    this.absoluteErrors.add(Math.abs(error));
    return issues;
  }

  merge(other: RegressionWindow): this {
    this.rows += other.rows;
    this.absoluteErrorSum += other.absoluteErrorSum;
    this.squaredErrorSum += other.squaredErrorSum;
    this.percentageErrorSum += other.percentageErrorSum;
    this.yTrue.merge(other.yTrue);
    this.absoluteErrors.merge(other.absoluteErrors);
    return this;
  }

  metrics(): RegressionWindowMetrics {
    const n = this.rows;
    return {
      rows: n,
      mae: this.absoluteErrorSum / n,
      rmse: Math.sqrt(this.squaredErrorSum / n),
      mape: this.percentageErrorSum / n,
      r2: n === 0 ? Number.NaN : r2FromSums(this.squaredErrorSum, this.yTrue.m2, n),
      median_absolute_error: n === 0 ? Number.NaN : this.absoluteErrors.quantile(0.5),
      median_absolute_error_rank_error: KllSketch.rankErrorBound(this.absoluteErrors.k),
    };
  }

  toJSON(): RegressionWindowState {
    return {
      count: this.rows,
      absolute_error_sum: this.absoluteErrorSum,
      squared_error_sum: this.squaredErrorSum,
      percentage_error_sum: this.percentageErrorSum,
      y_true: this.yTrue.toJSON(),
      absolute_errors: this.absoluteErrors.toJSON(),
    };
  }

  static fromJSON(s: RegressionWindowState): RegressionWindow {
    const yTrue = Moments.fromJSON(s.y_true);
    const errors = KllSketch.fromJSON(s.absolute_errors);
    if (yTrue.count !== s.count || errors.count !== s.count)
      throw new RangeError(`regression window state counts ${s.count} rows, its parts ${yTrue.count} and ${errors.count}`);
    const window = new RegressionWindow(errors.k);
    window.rows = s.count;
    window.absoluteErrorSum = s.absolute_error_sum;
    window.squaredErrorSum = s.squared_error_sum;
    window.percentageErrorSum = s.percentage_error_sum;
    window.yTrue.merge(yTrue);
    // The restored sketch itself, not a merge into a fresh one: it keeps its coin's state, so a window
    // stored and reloaded mid-stream goes on exactly as if it had never been written out.
    window.absoluteErrors = errors;
    return window;
  }
}
