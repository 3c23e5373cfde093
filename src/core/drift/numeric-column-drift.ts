import type { ColumnDrift, NumericDriftMetrics } from './drift-report.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';
import { ksTwoSample } from './ks-test.ts';
import { plotDistribution } from './plot-bins.ts';
import { populationStabilityIndex } from './psi.ts';
import type { SortedSample } from './sorted-sample.ts';
import { normalisedWasserstein, wassersteinDistance, WASSERSTEIN_NORM_DEFAULT_THRESHOLD } from './wasserstein.ts';

/**
 * One numeric column of each side, however it was summarised: raw sorted values (a file) or a quantile
 * sketch's weighted items (a serving window). The counts are the true numbers of present values, which
 * a sketch's items stand for; the bins (for PSI and Jensen–Shannon) are counted on the reference's
 * quantile edges.
 */
export interface NumericColumnInput {
  readonly name: string;
  readonly reference: SortedSample;
  readonly current: SortedSample;
  readonly nReference: number;
  readonly nCurrent: number;
  readonly missingReference: number;
  readonly missingCurrent: number;
  /** Population standard deviation of the reference, for the normalised Wasserstein distance. */
  readonly referenceStd: number;
  readonly edges: readonly number[];
  readonly referenceBins: ArrayLike<number>;
  readonly currentBins: ArrayLike<number>;
  /** Effect-size threshold on the normalised Wasserstein distance. */
  readonly threshold?: number;
  /** Remarks gathered while reading (values that were not numbers, infinities). */
  readonly notes?: readonly string[];
}

const EMPTY_METRICS: NumericDriftMetrics = {
  ks: { statistic: null, p_value: null },
  wasserstein: null,
  wasserstein_norm: null,
  psi: null,
  jensen_shannon: null,
};

/**
 * Every statistic of a numeric column, with the KS p-value not yet corrected: `decideDrift` corrects
 * across the columns of one check and makes the decision, so `drifted` is false here.
 */
export function assessNumericColumn(input: NumericColumnInput): ColumnDrift {
  const threshold = input.threshold ?? WASSERSTEIN_NORM_DEFAULT_THRESHOLD;
  const notes = [...(input.notes ?? [])];
  const base = {
    name: input.name,
    type: 'numeric' as const,
    n_reference: input.nReference,
    n_current: input.nCurrent,
    missing_reference: input.missingReference,
    missing_current: input.missingCurrent,
    drifted: false,
    method: 'ks' as const,
    // Drawn on equal-width bins over both sides (plot-bins.ts); PSI and Jensen–Shannon keep the deciles.
    distribution: plotDistribution(input.reference, input.current),
  };
  if (input.nReference === 0 || input.nCurrent === 0 || input.reference.values.length === 0 || input.current.values.length === 0) {
    const side = input.nReference === 0 ? 'the reference' : 'the current data';
    notes.unshift(`not enough data: ${side} has no values in this column`);
    return {
      ...base,
      statistic: null,
      p_value: null,
      p_value_raw: null,
      effect_size: { name: 'wasserstein_norm', value: null, threshold },
      metrics: EMPTY_METRICS,
      note: notes.join('; '),
    };
  }
  const weighted = input.reference.weights !== undefined || input.current.weights !== undefined;
  const ks = ksTwoSample(input.reference, input.current, weighted ? { sizes: [input.nReference, input.nCurrent] } : undefined);
  const wasserstein = wassersteinDistance(input.reference, input.current);
  const wassersteinNorm = normalisedWasserstein(wasserstein, input.referenceStd);
  const metrics: NumericDriftMetrics = {
    ks: { statistic: ks.statistic, p_value: ks.pValue },
    wasserstein,
    wasserstein_norm: wassersteinNorm,
    psi: populationStabilityIndex(input.referenceBins, input.currentBins),
    jensen_shannon: jensenShannonDistance(input.referenceBins, input.currentBins),
  };
  if (weighted) notes.push("computed from quantile sketches: KS and Wasserstein are within the sketches' rank error");
  return {
    ...base,
    statistic: ks.statistic,
    p_value: ks.pValue,
    p_value_raw: ks.pValue,
    effect_size: { name: 'wasserstein_norm', value: wassersteinNorm, threshold },
    metrics,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}
