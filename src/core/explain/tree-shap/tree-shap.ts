import type { ExplainableTree, TreeModel } from '../tree-model.ts';
import { createShapPath, extendPath, FEATURE, ONE, reciprocals, STRIDE, unwindPath, unwoundPathSum, WEIGHT, ZERO } from './shap-path.ts';

/**
 * Path-dependent TreeSHAP (Lundberg, Erion et al. 2020, Algorithm 2) for one row through one tree at a
 * time: walks every node once, following the row's own branch ("hot") and the other ("cold") weighted
 * by training cover, and at each leaf credits every feature on the path with its Shapley share of the
 * leaf value. The same recursion as shap's C++ and XGBoost's and LightGBM's own `pred_contribs`.
 * One walker serves every row of a model: its path buffer is sized once for the deepest tree.
 */
export class TreeShapWalker {
  private readonly path: Float64Array;
  private readonly inverse: Float64Array;
  private tree!: ExplainableTree;
  private treeIndex = 0;
  private row!: Float64Array;
  private phi!: Float64Array;
  private phiOffset = 0;

  constructor(
    private readonly model: TreeModel,
    maxDepth: number,
  ) {
    this.path = createShapPath(maxDepth);
    this.inverse = reciprocals(maxDepth);
  }

  /**
   * Adds tree `treeIndex`'s contributions for `row` (one value per feature, NaN for missing) to
   * phi[phiOffset + feature]. The tree's expected value (the bias) is not added here.
   */
  addTree(treeIndex: number, row: Float64Array, phi: Float64Array, phiOffset: number): void {
    this.tree = this.model.trees[treeIndex]!;
    this.treeIndex = treeIndex;
    this.row = row;
    this.phi = phi;
    this.phiOffset = phiOffset;
    if (this.tree.feature[0]! < 0) return; // a single leaf explains nothing: its value is all bias
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  private recurse(node: number, parentAt: number, parentDepth: number, zero: number, one: number, parentFeature: number): void {
    const path = this.path;
    const tree = this.tree;
    // This node's path is a copy of the parent's, placed right after it in the buffer.
    const at = parentAt + parentDepth + 1;
    let depth = parentDepth;
    path.copyWithin(at * STRIDE, parentAt * STRIDE, (parentAt + depth + 1) * STRIDE);
    extendPath(path, at, depth, zero, one, parentFeature);

    const feature = tree.feature[node]!;
    if (feature < 0) {
      this.creditLeaf(tree.value[node]!, at, depth);
      return;
    }

    const hot = this.model.childFor(this.treeIndex, node, this.row[feature]!);
    const left = tree.left[node]!;
    const cold = hot === left ? tree.right[node]! : left;
    const cover = tree.cover[node]!;
    const hotZero = tree.cover[hot]! / cover;
    const coldZero = tree.cover[cold]! / cover;
    let incomingZero = 1;
    let incomingOne = 1;

    // A feature already on the path is split again: undo its earlier element and redo it here.
    for (let i = 0; i <= depth; i++) {
      const element = (at + i) * STRIDE;
      if (path[element + FEATURE] === feature) {
        incomingZero = path[element + ZERO]!;
        incomingOne = path[element + ONE]!;
        unwindPath(path, at, depth, i);
        depth -= 1;
        break;
      }
    }

    this.recurse(hot, at, depth + 1, hotZero * incomingZero, incomingOne, feature);
    this.recurse(cold, at, depth + 1, coldZero * incomingZero, 0, feature);
  }

  /**
   * Algorithm 2's leaf step: each feature on the path gets its unwound path weight × (one − zero) × the
   * leaf value. For the features the row does not follow here (one = 0) the unwound weight is the same
   * sum divided by the feature's own zero fraction, so it is computed once per leaf instead of per feature.
   */
  private creditLeaf(value: number, at: number, depth: number): void {
    const path = this.path;
    const phi = this.phi;
    const offset = this.phiOffset;
    const inverse = this.inverse;
    const base = at * STRIDE;
    const scale = depth + 1;
    let coldSum = 0;
    for (let i = depth - 1; i >= 0; i--) coldSum += path[base + i * STRIDE + WEIGHT]! * inverse[depth - i]!;
    coldSum *= scale;
    for (let i = 1; i <= depth; i++) {
      const element = base + i * STRIDE;
      const zero = path[element + ZERO]!;
      const one = path[element + ONE]!;
      let weight: number;
      if (one !== 0) weight = unwoundPathSum(path, at, depth, i, inverse);
      else if (zero !== 0) weight = coldSum / zero;
      else continue;
      phi[offset + path[element + FEATURE]!]! += weight * (one - zero) * value;
    }
  }
}

/** Splits on the longest root-to-leaf path of a tree: what sizes the walker's path buffer. */
export function treeDepth(tree: ExplainableTree): number {
  let deepest = 0;
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const node = stack.pop()!;
    if (tree.feature[node]! < 0) {
      if (depth > deepest) deepest = depth;
      continue;
    }
    stack.push(tree.left[node]!, depth + 1, tree.right[node]!, depth + 1);
  }
  return deepest;
}

/**
 * The tree's expected output over its training cover: each split's value is its children's averaged
 * by their cover and divided by its own (XGBoost's node mean values; LightGBM's ExpectedValue).
 */
export function expectedTreeValue(tree: ExplainableTree): number {
  return meanValue(tree, 0);
}

function meanValue(tree: ExplainableTree, node: number): number {
  if (tree.feature[node]! < 0) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  return (meanValue(tree, left) * tree.cover[left]! + meanValue(tree, right) * tree.cover[right]!) / tree.cover[node]!;
}
