import type { TreeModel } from '../core/explain/tree-model.ts';
import type { ClassLabel, FeatureSpec, ModelFormat, ModelSignature, ScoreKind } from '../core/signature.ts';

/**
 * One column of a batch, in the order of the model's signature inputs.
 * Numeric, integer and category features are a Float64Array where NaN is a missing value;
 * string features are an array where null is a missing value.
 */
export type FeatureColumn = Float64Array | ReadonlyArray<string | null>;

/** A batch of rows laid out column by column: cheap to build from CSV and to hand to ONNX per-feature inputs. */
export interface FeatureBatch {
  readonly rowCount: number;
  readonly columns: readonly FeatureColumn[];
}

export type PredictionOutput =
  | {
      readonly kind: 'binary' | 'multiclass';
      readonly classes: readonly ClassLabel[];
      /** rowCount × classes.length, row-major; binary models give [P(class 0), P(class 1)]. */
      readonly probabilities: Float64Array;
      /** Index into `classes` of each row's predicted label. */
      readonly labelIndex: Int32Array;
    }
  | {
      readonly kind: 'regression';
      readonly values: Float64Array;
    };

export interface LoadedModel {
  readonly format: ModelFormat;
  readonly signature: ModelSignature;
  predict(batch: FeatureBatch): Promise<PredictionOutput>;
  /**
   * The model's trees as TreeSHAP and counterfactual search read them; absent (or undefined) when the
   * model is not a tree ensemble that can be explained exactly (ONNX, gblinear, linear-leaf LightGBM).
   */
  treeModel?(): TreeModel | undefined;
  /** Frees native resources (ONNX sessions); pure-JS runtimes may do nothing. */
  close(): Promise<void>;
}

export interface LoadOptions {
  /**
   * Feature names to use when the artifact carries none (e.g. an ONNX model with one 2-D input).
   * The count must match the model's; a runtime that knows its names ignores this.
   */
  readonly featureNames?: readonly string[];
  /** How to read a model whose only output is class scores; runtimes whose models say it themselves ignore this. */
  readonly output?: OutputOptions;
}

/**
 * For a model whose only output is numbers (an ONNX network): whether it is a classifier, its class
 * labels and what its scores are. Anything not given is read from the model where it can be.
 */
export interface OutputOptions {
  /** `classification` makes a single `[N, 1]` output a binary classifier (P(class 1) or its logit); default: a regressor. */
  readonly task?: 'classification' | 'regression';
  /** Class labels in score order; default: the model's `classes` metadata, else 0…C−1. */
  readonly classes?: readonly ClassLabel[];
  /** Default: detected (a final Softmax or Sigmoid, or rows that sum to 1). */
  readonly scores?: ScoreKind;
}

export interface ModelRuntime {
  readonly format: ModelFormat;
  /** Parses and checks an artifact; throws a ModelLoadError naming what is wrong when it is corrupt or unsupported. */
  load(bytes: Uint8Array, options?: LoadOptions): Promise<LoadedModel>;
}

/** Raised when an artifact cannot be loaded; `message` is one line a user can act on. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/** Raised when a batch does not fit the model (wrong column count or type). */
export class BatchShapeError extends Error {
  override readonly name = 'BatchShapeError';
}

export type { FeatureSpec };
