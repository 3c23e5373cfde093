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

export interface OutputSpec {
  readonly kind: OutputKind;
  /** Class labels in the model's own order (the order of the probabilities); absent for regression. */
  readonly classes?: readonly ClassLabel[];
}

export interface ModelSignature {
  /** Input features in the order the model consumes them. */
  readonly inputs: readonly FeatureSpec[];
  readonly output: OutputSpec;
}
