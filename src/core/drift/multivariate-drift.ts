import type { MultivariateDrift } from './drift-report.ts';
import { reconstructionDrift, RECONSTRUCTION_DEFAULT_THRESHOLD, type ReconstructionDriftOptions } from './pca-reconstruction-drift.ts';
import type { ErrorMoments, PcaReconstructionModel } from './pca-reconstruction.ts';

/** The multivariate entry of a drift report from a fitted PCA model and the current rows' error moments. */
export function multivariateDrift(
  model: PcaReconstructionModel,
  current: ErrorMoments | { reason: string },
  options: ReconstructionDriftOptions = {},
): MultivariateDrift {
  const threshold = options.threshold ?? RECONSTRUCTION_DEFAULT_THRESHOLD;
  const result = 'reason' in current ? current : reconstructionDrift(model, current, options);
  if ('reason' in result) {
    return {
      method: 'pca_reconstruction',
      columns: model.columns,
      drifted: false,
      statistic: null,
      reference_mean: finiteOrNull(model.reference.meanError),
      p_value: null,
      effect_size: { name: 'relative_error_change', value: null, threshold },
      note: `not enough data: ${result.reason}`,
    };
  }
  return {
    method: 'pca_reconstruction',
    columns: model.columns,
    drifted: result.drifted,
    statistic: result.meanError,
    reference_mean: result.referenceMean,
    p_value: result.pValue,
    effect_size: { name: 'relative_error_change', value: finiteOrNull(result.relativeChange), threshold },
  };
}

/** The multivariate entry when no model could be fitted (fewer than two numeric columns, too few rows). */
export function multivariateUnavailable(columns: readonly string[], reason: string): MultivariateDrift {
  return {
    method: 'pca_reconstruction',
    columns,
    drifted: false,
    statistic: null,
    reference_mean: null,
    p_value: null,
    effect_size: { name: 'relative_error_change', value: null, threshold: RECONSTRUCTION_DEFAULT_THRESHOLD },
    note: reason,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) && value < Number.MAX_VALUE ? value : null;
}
