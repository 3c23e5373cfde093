import { symmetricEigen } from '../linear-algebra/symmetric-eigen.ts';

/**
 * Multivariate drift by PCA reconstruction error (the data reconstruction method NannyML uses).
 *
 * Per-column tests miss drift that lives only in how columns move together, such as two features
 * whose correlation flips while each keeps its distribution. A PCA fitted on the reference keeps the
 * directions the reference varies along; a current row that breaks the reference's correlations
 * falls off them, and the distance between the row and its reconstruction from those directions
 * grows. The model is fitted once with the reference profile, stored as plain JSON, and then scores
 * every served row (ReconstructionErrorMeter) without allocating.
 *
 * Compared with scikit-learn's StandardScaler() + PCA(n_components=..., svd_solver='full'):
 * - means and stds (ddof 0) are those StandardScaler computes, which ignores missing values when
 *   fitting; a column indistinguishable from constant gets scale 1, by the same rule.
 * - missing values (NaN, and also +-Infinity, which no model input means) are set to the
 *   reference mean, i.e. 0 after standardising; scikit-learn's PCA rejects NaN instead.
 * - the number of components is the fewest whose explained variance ratios sum to >= the
 *   fraction to keep; scikit-learn asks for > (it differs only when a sum equals the fraction exactly).
 * - PCA's own centring is skipped: standardised reference columns have mean 0 already (imputed
 *   zeros do not move it), so scikit-learn's pca.mean_ is 0 up to rounding.
 */

export interface PcaReconstructionModel {
  readonly columns: readonly string[];
  readonly means: readonly number[];
  readonly stds: readonly number[];
  /** k x d; row i is the i-th principal axis, a unit vector whose largest-magnitude entry is positive. */
  readonly components: readonly (readonly number[])[];
  readonly explainedVarianceRatio: readonly number[];
  /** The reference rows' own errors: the baseline the current window's mean error is compared with. */
  readonly reference: { readonly count: number; readonly meanError: number; readonly errorStd: number };
}

export interface PcaFitOptions {
  /** The fraction of the reference's standardised variance the kept components explain (0.65). */
  readonly varianceToKeep?: number;
}

const DEFAULT_VARIANCE_TO_KEEP = 0.65;

export function fitPcaReconstruction(
  columns: readonly string[],
  data: readonly Float64Array[],
  options: PcaFitOptions = {},
): PcaReconstructionModel | { reason: string } {
  const varianceToKeep = options.varianceToKeep ?? DEFAULT_VARIANCE_TO_KEEP;
  if (!(varianceToKeep > 0 && varianceToKeep <= 1)) return { reason: `varianceToKeep must be in (0, 1], got ${varianceToKeep}` };
  const d = columns.length;
  if (d < 2) return { reason: `needs at least 2 numeric columns, got ${d}` };
  if (data.length !== d) return { reason: `got ${data.length} data columns for ${d} column names` };
  const n = data[0]!.length;
  for (let j = 1; j < d; j++) {
    if (data[j]!.length !== n) return { reason: `column "${columns[j]}" has ${data[j]!.length} rows, column "${columns[0]}" has ${n}` };
  }
  // With no more rows than columns the PCA fits the reference exactly and its errors say nothing.
  if (n < d + 1) return { reason: `not enough rows: ${d} columns need at least ${d + 1} reference rows, got ${n}` };

  const means: number[] = [];
  const stds: number[] = [];
  for (let j = 0; j < d; j++) {
    const scale = columnScale(data[j]!);
    if (scale === undefined) return { reason: `column "${columns[j]}" has no values in the reference` };
    means.push(scale.mean);
    stds.push(scale.std);
  }

  const covariance = standardisedCovariance(data, means, stds, n);
  const { values, vectors } = symmetricEigen(covariance, d);
  // A covariance matrix has no negative eigenvalues; rounding can make tiny ones slightly negative.
  const variances = Array.from(values, (value) => Math.max(value, 0));
  const total = variances.reduce((sum, value) => sum + value, 0);
  if (!(total > 0)) return { reason: 'every column is constant in the reference' };
  const explainedVarianceRatio = variances.map((value) => value / total);

  let k = 0;
  for (let cumulative = 0; k < d && cumulative < varianceToKeep;) cumulative += explainedVarianceRatio[k++]!;
  if (k >= d) {
    return {
      reason: `keeping ${varianceToKeep} of the variance needs all ${d} components (the columns are nearly uncorrelated), so every row reconstructs exactly`,
    };
  }

  const partial = {
    columns: [...columns],
    means,
    stds,
    components: vectors.slice(0, k).map((vector) => Array.from(vector)),
    explainedVarianceRatio: explainedVarianceRatio.slice(0, k),
    reference: { count: n, meanError: 0, errorStd: 0 },
  };
  const moments = errorMomentsOfColumns(partial, data);
  return { ...partial, reference: { count: n, meanError: moments.mean, errorStd: Math.sqrt(moments.variance) } };
}

const STANDARDISED_CAP = 1e100;

/**
 * Scores rows against one model: the Euclidean distance between the standardised row and its
 * projection onto the kept components. The model's nested arrays are copied into flat typed arrays
 * once, because this runs for every served row and every row of a file, and indexing arrays of
 * arrays costs several times more than one flat buffer. `of` allocates nothing.
 */
export class ReconstructionErrorMeter {
  private readonly d: number;
  private readonly k: number;
  private readonly means: Float64Array;
  private readonly stds: Float64Array;
  /** k x d, row-major. */
  private readonly axes: Float64Array;
  private readonly z: Float64Array;
  private readonly coordinates: Float64Array;

  constructor(model: PcaReconstructionModel) {
    this.d = model.columns.length;
    this.k = model.components.length;
    this.means = Float64Array.from(model.means);
    this.stds = Float64Array.from(model.stds);
    this.axes = new Float64Array(this.k * this.d);
    model.components.forEach((axis, i) => this.axes.set(axis, i * this.d));
    this.z = new Float64Array(this.d);
    this.coordinates = new Float64Array(this.k);
  }

  /** `row` is in model.columns order; NaN (or any non-finite value) is missing. */
  of(row: ArrayLike<number>): number {
    const { d, k, means, stds, axes, z, coordinates } = this;
    for (let j = 0; j < d; j++) {
      const value = row[j]!;
      const standardised = Number.isFinite(value) ? (value - means[j]!) / stds[j]! : 0;
      // Squares of values near the largest double overflow and Infinity - Infinity is NaN; a value
      // 1e100 standard deviations out is drift whatever its exact size, so it is capped there.
      z[j] = standardised > STANDARDISED_CAP ? STANDARDISED_CAP : standardised < -STANDARDISED_CAP ? -STANDARDISED_CAP : standardised;
    }
    for (let i = 0; i < k; i++) {
      let dot = 0;
      const base = i * d;
      for (let j = 0; j < d; j++) dot += axes[base + j]! * z[j]!;
      coordinates[i] = dot;
    }
    // The residual is summed entry by entry rather than as |z|^2 - |projection|^2, which cancels
    // badly for rows that lie close to the kept components.
    let squared = 0;
    for (let j = 0; j < d; j++) {
      let reconstructed = 0;
      for (let i = 0; i < k; i++) reconstructed += coordinates[i]! * axes[i * d + j]!;
      const residual = z[j]! - reconstructed;
      squared += residual * residual;
    }
    return Math.sqrt(squared);
  }
}

/** One row's reconstruction error; for many rows, keep a ReconstructionErrorMeter instead. */
export function rowReconstructionError(model: PcaReconstructionModel, row: ArrayLike<number>): number {
  return new ReconstructionErrorMeter(model).of(row);
}

/** count, mean and sample variance (ddof 1; 0 below 2 rows) of a set of per-row errors. */
export interface ErrorMoments {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
}

/**
 * The error moments of rows given as columns, for a file or a batch. `columns` names the arrays in
 * `data`; they are matched to the model's columns by name, so their order does not matter.
 */
export function reconstructionErrorMoments(
  model: PcaReconstructionModel,
  columns: readonly string[],
  data: readonly Float64Array[],
): ErrorMoments | { reason: string } {
  if (data.length !== columns.length) return { reason: `got ${data.length} data columns for ${columns.length} column names` };
  const ordered: Float64Array[] = [];
  for (const name of model.columns) {
    const index = columns.indexOf(name);
    if (index < 0) return { reason: `column "${name}" is missing` };
    ordered.push(data[index]!);
  }
  const n = ordered[0]!.length;
  for (const [j, column] of ordered.entries()) {
    if (column.length !== n)
      return { reason: `column "${model.columns[j]}" has ${column.length} rows, column "${model.columns[0]}" has ${n}` };
  }
  return errorMomentsOfColumns(model, ordered);
}

/**
 * Combines the moments of two disjoint sets of rows exactly (Chan et al.'s pairwise update), so the
 * serving path can keep one running summary per window, replica or shard and merge them later.
 */
export function mergeErrorMoments(a: ErrorMoments, b: ErrorMoments): ErrorMoments {
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  const mean = a.mean + (delta * b.count) / count;
  const squares = a.variance * (a.count - 1) + b.variance * (b.count - 1) + (delta * delta * a.count * b.count) / count;
  return { count, mean, variance: count > 1 ? squares / (count - 1) : 0 };
}

function errorMomentsOfColumns(model: PcaReconstructionModel, ordered: readonly Float64Array[]): ErrorMoments {
  const d = ordered.length;
  const n = d === 0 ? 0 : ordered[0]!.length;
  const meter = new ReconstructionErrorMeter(model);
  const row = new Float64Array(d);
  // Welford's running mean and sum of squared deviations: one pass, no cancellation.
  let mean = 0;
  let squares = 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) row[j] = ordered[j]![r]!;
    const error = meter.of(row);
    const delta = error - mean;
    mean += delta / (r + 1);
    squares += delta * (error - mean);
  }
  return { count: n, mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

/** Mean and std (ddof 0) over the present values, with StandardScaler's rule for constant columns. */
function columnScale(values: Float64Array): { mean: number; std: number } | undefined {
  let count = 0;
  let sum = 0;
  for (const value of values) {
    if (Number.isFinite(value)) {
      count++;
      sum += value;
    }
  }
  if (count === 0) return undefined;
  const mean = sum / count;
  let squares = 0;
  for (const value of values) if (Number.isFinite(value)) squares += (value - mean) * (value - mean);
  const variance = squares / count;
  // A variance within the rounding error of the two-pass computation is indistinguishable from 0
  // (Chan, Golub and LeVeque's bound, the test StandardScaler uses); such a column gets scale 1, so
  // its reference rows standardise to 0 and a current value that moves shows in the column's units.
  const eps = Number.EPSILON;
  const constant = variance <= count * eps * variance + (count * mean * eps) ** 2;
  return { mean, std: constant ? 1 : Math.sqrt(variance) };
}

/** The d x d covariance (ddof 1) of the standardised, mean-imputed reference rows, row-major. */
function standardisedCovariance(data: readonly Float64Array[], means: readonly number[], stds: readonly number[], n: number): Float64Array {
  const d = data.length;
  const covariance = new Float64Array(d * d);
  const z = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const value = data[j]![r]!;
      z[j] = Number.isFinite(value) ? (value - means[j]!) / stds[j]! : 0;
    }
    for (let i = 0; i < d; i++) {
      const zi = z[i]!;
      if (zi === 0) continue;
      for (let j = i; j < d; j++) covariance[i * d + j] = covariance[i * d + j]! + zi * z[j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const value = covariance[i * d + j]! / (n - 1);
      covariance[i * d + j] = value;
      covariance[j * d + i] = value;
    }
  }
  return covariance;
}

export { reconstructionDrift, RECONSTRUCTION_DEFAULT_THRESHOLD, RECONSTRUCTION_DEFAULT_ALPHA } from './pca-reconstruction-drift.ts';
export type { ReconstructionDrift, ReconstructionDriftOptions } from './pca-reconstruction-drift.ts';
