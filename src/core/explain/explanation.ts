/**
 * What every explainer answers, whatever its method: per row and model output, a base value and one
 * contribution per feature that add up to the model's output in the explanation's space (SHAP's
 * local accuracy). Tree models are explained exactly in their margin space (XGBoost's and LightGBM's
 * own `pred_contribs`); model-agnostic methods explain the served probability or value.
 */

/**
 * - `tree_shap`: exact path-dependent TreeSHAP over the model's own trees (XGBoost, LightGBM).
 * - `kernel_shap`: KernelSHAP against a background sample, deterministic by seed (any model).
 * - `exact_shapley`: every coalition enumerated against a background sample; exact but 2^features
 *   model calls per row, so only for models with few features.
 */
export type ExplainMethod = 'tree_shap' | 'kernel_shap' | 'exact_shapley';

export const EXPLAIN_METHODS: readonly ExplainMethod[] = ['tree_shap', 'kernel_shap', 'exact_shapley'];

/**
 * What the base value and contributions add up to:
 * - `margin`: the raw score before the link (log-odds for a binary classifier, per-class margins);
 * - `probability`: the served probability (of class 1 for a binary model, per class for multiclass);
 * - `value`: a regressor's prediction.
 */
export type ExplanationSpace = 'margin' | 'probability' | 'value';

/** A batch laid out column by column in signature order; the runtimes' FeatureBatch has this shape. */
export interface ExplainBatch {
  readonly rowCount: number;
  /** Float64Array with NaN for missing, or strings with null for missing. */
  readonly columns: readonly (Float64Array | ReadonlyArray<string | null>)[];
}

export interface BatchExplanation {
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
  readonly rowCount: number;
  readonly featureCount: number;
  /** 1 for regression and binary models (class 1), the number of classes for multiclass ones. */
  readonly outputCount: number;
  /** Per output: the expected output over the reference (trees: over the training cover). */
  readonly baseValues: Float64Array;
  /** rowCount × outputCount × featureCount, row-major. */
  readonly contributions: Float64Array;
  /** rowCount × outputCount: the model's output in `space`; base value + Σ contributions. */
  readonly outputs: Float64Array;
}

export interface ModelExplainer {
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
  explain(batch: ExplainBatch): Promise<BatchExplanation>;
}

/**
 * A model's outputs for a batch in an explainer's space: rowCount × outputCount, row-major.
 * Model-agnostic explainers call it on coalition batches.
 */
export type PredictOutputs = (batch: ExplainBatch) => Promise<Float64Array>;

/** Contribution of `feature` to `output` of `row`. */
export function contributionAt(explanation: BatchExplanation, row: number, output: number, feature: number): number {
  return explanation.contributions[(row * explanation.outputCount + output) * explanation.featureCount + feature]!;
}
