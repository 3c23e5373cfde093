import type { ModelSignature } from '../../core/signature.ts';
import type { Objective } from './objectives.ts';

/**
 * A parsed XGBoost model in the compact form prediction walks. Trees are flattened into typed
 * arrays shared by all trees; the two children of a split are adjacent (right = left + 1), as in
 * XGBoost's own node layout, so a split is one comparison and one addition.
 */
export interface TreeEnsemble {
  readonly kind: 'trees';
  /** Flat index of each tree's root node. */
  readonly treeRoots: Int32Array;
  /** Output group (class) each tree adds to: XGBoost's `tree_info`. */
  readonly treeGroups: Int32Array;
  /** DART's `weight_drop`, one per tree; absent for gbtree (every weight 1). */
  readonly treeWeights: Float32Array | undefined;
  /** Feature a node splits on; -1 marks a leaf. */
  readonly nodeFeature: Int32Array;
  /** A split's threshold (go left when value < threshold), or a leaf's value. float32 as in XGBoost. */
  readonly nodeValue: Float32Array;
  /** Flat index of the left child; the right child is the next node. */
  readonly nodeLeft: Int32Array;
  /** Child taken when the value is missing (`default_left`). */
  readonly nodeMissing: Int32Array;
  /** Present when some split is categorical: codes of node i are categoryCodes[start[i] .. end[i]), sorted. */
  readonly categorical: CategoricalSplits | undefined;
  /** Each node's sum_hessian (training cover) for TreeSHAP; undefined when the file lacks it. Prediction never reads it. */
  readonly nodeCover: Float64Array | undefined;
}

export interface CategoricalSplits {
  /** -1 for numeric splits. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** The category codes that go right, sorted within each node's range. */
  readonly codes: Int32Array;
}

/** gblinear: margin = bias + Σ weight × value over the values present. */
export interface LinearBooster {
  readonly kind: 'linear';
  /** (featureCount + 1) × groupCount, row-major by feature; the last row is the bias. */
  readonly weights: Float32Array;
}

export interface XGBoostModel {
  readonly signature: ModelSignature;
  readonly objective: Objective;
  readonly featureCount: number;
  /** Margins per row: the number of classes for multiclass models, else 1. */
  readonly groupCount: number;
  /** base_score after the objective's link, one per group (float32). */
  readonly baseMargins: Float32Array;
  readonly booster: TreeEnsemble | LinearBooster;
}
