import type { PredictionOutput } from '../api/types.ts';

/**
 * Explanations and global importance as the API serves them (issue #17's contract): `POST
 * /v1/deployments/{name}/explain` and `GET /v1/models/{name}/versions/{v}/importance`. These types describe
 * the wire, not the server's modules.
 */

export type ExplainMethod = 'tree_shap' | 'kernel_shap' | 'exact_shapley';
export type ExplanationSpace = 'margin' | 'probability' | 'value';

/** One row's explanation: a number per feature (binary, regression) or one such record per class (multiclass). */
export interface Explanation {
  readonly base_value: number | readonly number[];
  readonly contributions: Readonly<Record<string, number>> | readonly Readonly<Record<string, number>>[];
  /** base_value + Σ contributions, in `space`. */
  readonly output: number | readonly number[];
  readonly prediction: PredictionOutput;
  readonly reasons: readonly string[];
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
}

export interface ExplainAnswer {
  readonly model: { readonly name: string; readonly version: number };
  readonly deployment: string;
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
  /** Why the method asked for could not be used, and which was used instead; null when none was needed. */
  readonly fallback: string | null;
  readonly explanations: readonly Explanation[];
}

export interface FeatureImportance {
  readonly feature: string;
  readonly importance: number;
  /** 1 for the most important feature. */
  readonly rank: number;
}

export interface VersionImportance {
  readonly model: string;
  readonly version: number;
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
  readonly sample_rows: number;
  readonly seed: number;
  readonly computed_at: string;
  readonly features: readonly FeatureImportance[];
}
