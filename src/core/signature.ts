/**
 * What a model expects and what it answers. Stored with every registered version, so serving,
 * contracts and monitoring can work from the registry alone without reloading the artifact.
 */

export type ModelFormat = 'onnx' | 'xgboost' | 'lightgbm';

export const MODEL_FORMATS: readonly ModelFormat[] = ['onnx', 'xgboost', 'lightgbm'];

/**
 * - `number`: a real value (float); NaN or null is a missing value.
 * - `integer`: a whole number (int64 tensors in ONNX).
 * - `category`: an integer-coded category (LightGBM `categorical_feature`, XGBoost categorical splits).
 * - `string`: a text value (ONNX string tensors, e.g. a pipeline with its own encoder).
 */
export type FeatureType = 'number' | 'integer' | 'category' | 'string';

export interface FeatureSpec {
  readonly name: string;
  readonly type: FeatureType;
  /**
   * For `category` features whose model carries its category names (LightGBM's pandas_categorical,
   * XGBoost's `cats`): the name of each code, so a row may give the name and the code is its index.
   */
  readonly categories?: readonly string[];
}

export type OutputKind = 'binary' | 'multiclass' | 'regression';

export type ClassLabel = string | number;

/**
 * What a classifier's raw output holds when the model gives class scores only (an ONNX network's
 * float[N, C] or one sigmoid column): probabilities are served as they are, logits through softmax
 * (or the sigmoid, for one column).
 */
export type ScoreKind = 'probabilities' | 'logits';

export const SCORE_KINDS: readonly ScoreKind[] = ['probabilities', 'logits'];

export interface OutputSpec {
  readonly kind: OutputKind;
  /** Class labels in the model's own order (the order of the probabilities); absent for regression. */
  readonly classes?: readonly ClassLabel[];
  /**
   * Set only for a classifier whose model outputs class scores and no label: how they were read at
   * registration. Stored with the version so every later load (server, workers, offline predict)
   * reads them the same way instead of detecting again.
   */
  readonly scores?: ScoreKind;
}

export interface ModelSignature {
  /** Input features in the order the model consumes them. */
  readonly inputs: readonly FeatureSpec[];
  readonly output: OutputSpec;
}
