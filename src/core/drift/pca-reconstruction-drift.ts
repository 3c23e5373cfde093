import type { ErrorMoments, PcaReconstructionModel } from './pca-reconstruction.ts';
import { welchZTestPValue } from './pca-z-test.ts';

/**
 * The drift decision on a window's mean reconstruction error. As everywhere in Ballast, it needs
 * both statistical and practical significance: the current mean must differ from the reference's
 * by a two-sided Welch z test (p < alpha) AND by a relative change of at least the threshold. The
 * test alone flags negligible changes on large windows; the threshold alone flags noise on small ones.
 */

export const RECONSTRUCTION_DEFAULT_THRESHOLD = 0.1;
export const RECONSTRUCTION_DEFAULT_ALPHA = 0.05;

export interface ReconstructionDriftOptions {
  /** Significance level of the z test (0.05). */
  readonly alpha?: number;
  /** Smallest |current mean / reference mean - 1| that counts as drift (0.1). */
  readonly threshold?: number;
}

export interface ReconstructionDrift {
  readonly meanError: number;
  readonly referenceMean: number;
  readonly pValue: number;
  /**
   * meanError / referenceMean - 1, signed (a fall in error is negative, so a report can say which
   * way it moved), capped at Number.MAX_VALUE (a reference mean of 0 and a current one above it).
   * The decision takes its absolute value.
   */
  readonly relativeChange: number;
  readonly drifted: boolean;
}

export function reconstructionDrift(
  model: PcaReconstructionModel,
  current: ErrorMoments,
  options: ReconstructionDriftOptions = {},
): ReconstructionDrift | { reason: string } {
  const alpha = options.alpha ?? RECONSTRUCTION_DEFAULT_ALPHA;
  const threshold = options.threshold ?? RECONSTRUCTION_DEFAULT_THRESHOLD;
  if (!(alpha > 0 && alpha < 1)) return { reason: `alpha must be in (0, 1), got ${alpha}` };
  if (!(threshold >= 0 && Number.isFinite(threshold))) return { reason: `threshold must be a finite number >= 0, got ${threshold}` };
  if (!(Number.isInteger(current.count) && current.count >= 2)) return { reason: `needs at least 2 current rows, got ${current.count}` };
  if (!(Number.isFinite(current.mean) && current.mean >= 0))
    return { reason: `the current mean error must be a finite number >= 0, got ${current.mean}` };
  if (!(Number.isFinite(current.variance) && current.variance >= 0))
    return { reason: `the current error variance must be a finite number >= 0, got ${current.variance}` };
  const reference = model.reference;
  if (!(reference.count >= 2 && Number.isFinite(reference.meanError) && Number.isFinite(reference.errorStd))) {
    return { reason: 'the model has no usable reference error summary' };
  }

  const pValue = welchZTestPValue(
    current.mean,
    current.variance / current.count,
    reference.meanError,
    (reference.errorStd * reference.errorStd) / reference.count,
  );
  const relativeChange = relativeChangeOf(current.mean, reference.meanError);
  return {
    meanError: current.mean,
    referenceMean: reference.meanError,
    pValue,
    relativeChange,
    drifted: pValue < alpha && Math.abs(relativeChange) >= threshold,
  };
}

function relativeChangeOf(mean: number, referenceMean: number): number {
  if (mean === referenceMean) return 0;
  // A reference that reconstructs exactly (or nearly: the ratio overflows) has no finite ratio to a
  // current that does not; the largest finite number keeps the JSON valid and exceeds every threshold.
  if (!(referenceMean > 0)) return Number.MAX_VALUE;
  return Math.min(mean / referenceMean - 1, Number.MAX_VALUE);
}
