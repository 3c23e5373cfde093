/**
 * Is a slice of a window significantly worse than the rest of that window? One-sided tests, because
 * only "worse" is reported. The slice is compared with the REST of the window (the window without the
 * slice), not with the whole window: the whole contains the slice, so the two samples would not be
 * independent, and a large slice would hide in its own average.
 *   - Classification, accuracy: the pooled two-proportion z test, p = Φ(z) for
 *     z = (p_slice − p_rest) / sqrt(p̂(1 − p̂)(1/n_slice + 1/n_rest)).
 *   - Regression, mean absolute error: Welch's t test on the absolute errors, p = P(T ≥ t) with
 *     Welch–Satterthwaite degrees of freedom (scipy.stats.ttest_ind(equal_var=False, alternative='greater')).
 * The tests' fixtures are made by scipy (test/fixtures/slices/make_fixtures.py).
 */
import { twoSidedNormalPValue } from '../drift/pca-z-test.ts';
import { studentTSf } from './student-t.ts';

/** P(Z <= z) for a standard normal Z, from the two-sided tail (erfc), accurate far into both tails. */
function normalCdf(z: number): number {
  const half = twoSidedNormalPValue(z) / 2;
  return z <= 0 ? half : 1 - half;
}

/** One-sided p-value for "the slice's accuracy is lower than the rest's". 1 when nothing can differ. */
export function lowerAccuracyPValue(sliceCorrect: number, sliceRows: number, restCorrect: number, restRows: number): number {
  if (sliceRows === 0 || restRows === 0) return 1;
  const pooled = (sliceCorrect + restCorrect) / (sliceRows + restRows);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / sliceRows + 1 / restRows));
  // Every row right, or every row wrong: the two shares are equal, nothing is worse.
  if (!(standardError > 0)) return 1;
  return normalCdf((sliceCorrect / sliceRows - restCorrect / restRows) / standardError);
}

/** Count, mean and sum of squared deviations (Moments' fields) of a sample. */
export interface SampleMoments {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
}

/** One-sided Welch p-value for "the slice's mean is higher than the rest's". 1 when a side has fewer than 2 values. */
export function higherMeanPValue(slice: SampleMoments, rest: SampleMoments): number {
  if (slice.count < 2 || rest.count < 2) return 1;
  const varianceOfMeanSlice = slice.m2 / (slice.count - 1) / slice.count;
  const varianceOfMeanRest = rest.m2 / (rest.count - 1) / rest.count;
  const variance = varianceOfMeanSlice + varianceOfMeanRest;
  const difference = slice.mean - rest.mean;
  if (!(variance > 0)) return difference > 0 ? 0 : 1;
  const dof = (variance * variance) / (varianceOfMeanSlice ** 2 / (slice.count - 1) + varianceOfMeanRest ** 2 / (rest.count - 1));
  return studentTSf(difference / Math.sqrt(variance), dof);
}

/** The moments of the rest of a sample once a part is taken out (Chan's merge, inverted). */
export function momentsWithout(whole: SampleMoments, part: SampleMoments): SampleMoments {
  const count = whole.count - part.count;
  if (count <= 0) return { count: 0, mean: 0, m2: 0 };
  const mean = (whole.count * whole.mean - part.count * part.mean) / count;
  const delta = mean - part.mean;
  const m2 = whole.m2 - part.m2 - (delta * delta * part.count * count) / whole.count;
  // Rounding can leave a tiny negative where the rest is constant.
  return { count, mean, m2: Math.max(0, m2) };
}
