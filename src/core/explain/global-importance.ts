import type { BatchExplanation, ExplainMethod, ExplanationSpace } from './explanation.ts';

/** One feature's share of a model's output: the mean |contribution| over a sample, summed over outputs. */
export interface FeatureImportance {
  readonly feature: string;
  readonly importance: number;
  /** 1 for the most important feature. */
  readonly rank: number;
}

/** A version's global importance as stored at registration (migration 0026). */
export interface GlobalImportance {
  readonly versionId: string;
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
  readonly sampleRows: number;
  readonly seed: number;
  /** Most important first. */
  readonly features: readonly FeatureImportance[];
  readonly computedAt: string;
}

/**
 * Mean |contribution| per feature over the explained rows, summed over outputs for a multiclass
 * model (shap's summary_plot bar for a list of class explanations), most important first; ties keep
 * the signature's order so the ranking is deterministic.
 */
export function rankFeatureImportance(explanation: BatchExplanation, featureNames: readonly string[]): FeatureImportance[] {
  const { rowCount, outputCount, featureCount, contributions } = explanation;
  const totals = new Float64Array(featureCount);
  for (let row = 0; row < rowCount; row++) {
    for (let output = 0; output < outputCount; output++) {
      const base = (row * outputCount + output) * featureCount;
      for (let feature = 0; feature < featureCount; feature++) totals[feature]! += Math.abs(contributions[base + feature]!);
    }
  }
  const order = Array.from({ length: featureCount }, (_, feature) => feature);
  order.sort((a, b) => totals[b]! - totals[a]! || a - b);
  return order.map((feature, index) => ({
    feature: featureNames[feature]!,
    importance: rowCount === 0 ? 0 : totals[feature]! / rowCount,
    rank: index + 1,
  }));
}
