/**
 * A tree ensemble as explainers and counterfactual search read it, whichever framework trained it.
 * The runtimes build it from their parsed models (`LoadedModel.treeModel()`); TreeSHAP walks it and
 * counterfactual search takes its split thresholds as the only values where a prediction can change.
 */
export interface ExplainableTree {
  /** Output (class group) the tree adds its leaf value to. */
  readonly output: number;
  /** Node arrays indexed by node; node 0 is the root. A feature below 0 marks a leaf. */
  readonly feature: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Training cover of every node (XGBoost's sum_hessian, LightGBM's data count). */
  readonly cover: Float64Array;
  /** A leaf's output in margin space, any DART or averaging weight applied; 0 for a split. */
  readonly value: Float64Array;
  /** A numeric split's threshold in the framework's own comparison; NaN for a categorical split. */
  readonly threshold: Float64Array;
}

export interface TreeModel {
  readonly featureCount: number;
  /** Margins per row: classes for a multiclass model, else 1. */
  readonly outputCount: number;
  /** Margin every row starts from, per output, before any tree adds to it. */
  readonly baseMargins: Float64Array;
  readonly trees: readonly ExplainableTree[];
  /**
   * The child a feature value takes at split `node` of tree `tree`, by the framework's own rule:
   * its comparison and float rounding, its categorical sets and where missing values (NaN) go.
   */
  childFor(tree: number, node: number, value: number): number;
}
