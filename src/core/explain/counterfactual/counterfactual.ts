/**
 * Counterfactual explanations: for one row and an outcome the user wants, the smallest changes to
 * the row that make the model give that outcome (Wachter et al. 2017; DiCE's validity, sparsity,
 * proximity and diversity). Values are kept as the model's batch holds them: numbers (NaN for
 * missing, category codes for integer-coded categories) or strings (null for missing).
 */

export type CellValue = number | string | null;

/** What the user wants the model to answer: one class (by its index in the model's classes), or a value range. */
export type DesiredOutcome =
  { readonly kind: 'class'; readonly classIndex: number } | { readonly kind: 'range'; readonly min: number; readonly max: number };

/** A model's answers for a batch, shaped as the runtimes' PredictionOutput (so `model.predict` fits as is). */
export type ModelAnswers =
  | {
      readonly kind: 'binary' | 'multiclass';
      readonly classes: readonly unknown[];
      readonly probabilities: Float64Array;
      readonly labelIndex: Int32Array;
    }
  | { readonly kind: 'regression'; readonly values: Float64Array };

export type Direction = 'increase' | 'decrease';

/** What the user allows to change. */
export interface CounterfactualConstraints {
  /** Feature indices that must keep their value (age, sex…). */
  readonly immutable: ReadonlySet<number>;
  /** Per feature index: the value may only go up, or only down. */
  readonly directions: ReadonlyMap<number, Direction>;
  /** Most features one counterfactual may change. */
  readonly maxChanges: number;
}

/**
 * How the search picks candidate values: `tree_thresholds` takes the values just either side of the
 * model's own split thresholds (the only places a tree ensemble's output can change), so for small
 * change sets the search is exact; `model_agnostic` takes the reference's quantiles and refines.
 */
export type CounterfactualMethod = 'tree_thresholds' | 'model_agnostic';

export interface Counterfactual {
  /** The whole changed row. */
  readonly values: readonly CellValue[];
  /** Indices of the features that differ from the original, ascending. */
  readonly changed: readonly number[];
  /** Normalised L1 distance from the original (see distance.ts). */
  readonly distance: number;
  /** Probability of the desired class, or minus the distance of the value from the desired range. */
  readonly score: number;
}

export interface CounterfactualSearchResult {
  readonly method: CounterfactualMethod;
  /** Valid counterfactuals, fewest changes first, then nearest; each changes a different set of features. */
  readonly counterfactuals: readonly Counterfactual[];
  /** When none was found: the candidate that came nearest to the desired outcome. */
  readonly closest: Counterfactual | null;
  /** When none was found: which constraint stopped the search, in words. */
  readonly message: string | null;
  /** Rows the model scored during the search. */
  readonly evaluated: number;
}
