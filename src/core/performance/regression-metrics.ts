/**
 * Regression metrics as scikit-learn 1.9 defines them, e = y_true − y_pred:
 *   MAE   = mean |e|                                  (mean_absolute_error)
 *   RMSE  = sqrt(mean e²)                             (root_mean_squared_error)
 *   MAPE  = mean |e| / max(|y_true|, ε), ε = 2.22e-16 (mean_absolute_percentage_error; a fraction, not
 *           per cent, and huge rather than infinite where a target is 0 — sklearn's choice, kept)
 *   R²    = 1 − Σe² / Σ(y_true − mean y_true)²        (r2_score, force_finite=True: a constant target
 *           gives 1 when every prediction is exact and 0 otherwise; fewer than two rows give NaN)
 *   MedAE = median |e|, the mean of the two middle values for an even count (median_absolute_error)
 */
import { checkRegression, type RegressionInput } from './regression-input.ts';

const MAPE_EPSILON = 2.220446049250313e-16;

/** The percentage-error term of one row. */
export function absolutePercentageError(yTrue: number, yPred: number): number {
  return Math.abs(yTrue - yPred) / Math.max(Math.abs(yTrue), MAPE_EPSILON);
}

/** R² from its two sums with sklearn's conventions for a zero denominator and for n < 2. */
export function r2FromSums(residualSquares: number, totalSquares: number, n: number): number {
  if (n < 2) return Number.NaN;
  if (totalSquares === 0) return residualSquares === 0 ? 1 : 0;
  return 1 - residualSquares / totalSquares;
}

export function meanAbsoluteError(input: RegressionInput): number {
  const { yTrue, yPred } = checkRegression(input);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i]! - yPred[i]!);
  return sum / yTrue.length;
}

export function rootMeanSquaredError(input: RegressionInput): number {
  const { yTrue, yPred } = checkRegression(input);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i]! - yPred[i]!) ** 2;
  return Math.sqrt(sum / yTrue.length);
}

export function meanAbsolutePercentageError(input: RegressionInput): number {
  const { yTrue, yPred } = checkRegression(input);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += absolutePercentageError(yTrue[i]!, yPred[i]!);
  return sum / yTrue.length;
}

export function r2(input: RegressionInput): number {
  const { yTrue, yPred } = checkRegression(input);
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (yTrue[i]! - yPred[i]!) ** 2;
    total += (yTrue[i]! - mean) ** 2;
  }
  return r2FromSums(residual, total, n);
}

export function medianAbsoluteError(input: RegressionInput): number {
  const { yTrue, yPred } = checkRegression(input);
  const errors = yTrue.map((y, i) => Math.abs(y - yPred[i]!)).sort();
  const middle = errors.length >> 1;
  return errors.length % 2 === 1 ? errors[middle]! : (errors[middle - 1]! + errors[middle]!) / 2;
}

/** NaN where sklearn's value is undefined (R² with fewer than two rows). */
export interface RegressionMetrics {
  rows: number;
  mae: number;
  rmse: number;
  mape: number;
  r2: number;
  median_absolute_error: number;
  /** The normalised rank error of median_absolute_error: 0 when computed from the rows, KLL's bound from a window. */
  median_absolute_error_rank_error: number;
}

/** Every regression metric of a set of rows at once (the offline path), each as sklearn defines it. */
export function regressionMetrics(input: RegressionInput): RegressionMetrics {
  checkRegression(input);
  return {
    rows: input.yTrue.length,
    mae: meanAbsoluteError(input),
    rmse: rootMeanSquaredError(input),
    mape: meanAbsolutePercentageError(input),
    r2: r2(input),
    median_absolute_error: medianAbsoluteError(input),
    median_absolute_error_rank_error: 0,
  };
}
