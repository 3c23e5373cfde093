import type { ExplainableTree, TreeModel } from '../../core/explain/tree-model.ts';
import { NODE_DECISION, NODE_FEATURE, NODE_LEFT, NODE_RIGHT, NODE_STRIDE, type FlatForest } from './flatten-forest.ts';
import { inCategorySet, K_ZERO_THRESHOLD } from './predict-lightgbm.ts';

// decision_type bits, as in LightGBM's tree.h (and predict-lightgbm.ts).
const CATEGORICAL = 1;
const DEFAULT_LEFT = 2;
const MISSING_ZERO = 1;
const MISSING_NAN = 2;

/**
 * The forest as TreeSHAP reads it, or undefined when it cannot be explained exactly: linear-leaf trees
 * (a leaf's output depends on the row, which path-dependent TreeSHAP does not model) and files without
 * internal_count/leaf_count (LightGBM's TreeSHAP weighs branches by those training counts).
 * Per tree, split i is node i and leaf j is node numLeaves - 1 + j. A random forest (average_output)
 * has its leaves divided by the iteration count, so contributions add up to the averaged score.
 */
export function lightGbmTreeModel(forest: FlatForest, averageOutput: boolean): TreeModel | undefined {
  const counts = forest.counts;
  if (forest.linear !== undefined || counts === undefined) return undefined;
  const { numFeatures, numOutputs, numTrees, treeRoot, nodes, nodeThreshold, leafValue } = forest;
  const scale = averageOutput ? numOutputs / numTrees : 1;

  // Splits of tree t are nodeBase[t] .. nodeBase[t] + splits - 1 in the forest; a one-leaf tree has none.
  const nodeBase = new Int32Array(numTrees);
  const splitCount = new Int32Array(numTrees);
  let next = nodeThreshold.length;
  for (let t = numTrees - 1; t >= 0; t--) {
    const root = treeRoot[t]!;
    nodeBase[t] = root >= 0 ? root : next;
    splitCount[t] = root >= 0 ? next - root : 0;
    next = nodeBase[t]!;
  }

  const trees: ExplainableTree[] = [];
  let leafBase = 0;
  for (let t = 0; t < numTrees; t++) {
    const splits = splitCount[t]!;
    const size = 2 * splits + 1;
    const base = nodeBase[t]!;
    const firstLeaf = leafBase;
    const local = (child: number): number => (child >= 0 ? child - base : splits + (~child - firstLeaf));
    const tree = {
      output: t % numOutputs,
      feature: new Int32Array(size).fill(-1),
      left: new Int32Array(size).fill(-1),
      right: new Int32Array(size).fill(-1),
      cover: new Float64Array(size),
      value: new Float64Array(size),
      threshold: new Float64Array(size).fill(Number.NaN),
    };
    for (let node = 0; node < splits; node++) {
      const packed = (base + node) * NODE_STRIDE;
      tree.feature[node] = nodes[packed + NODE_FEATURE]!;
      tree.left[node] = local(nodes[packed + NODE_LEFT]!);
      tree.right[node] = local(nodes[packed + NODE_RIGHT]!);
      tree.cover[node] = counts.internal[base + node]!;
      if ((nodes[packed + NODE_DECISION]! & CATEGORICAL) === 0) tree.threshold[node] = nodeThreshold[base + node]!;
    }
    for (let leaf = 0; leaf <= splits; leaf++) {
      tree.value[splits + leaf] = leafValue[firstLeaf + leaf]! * scale;
      // A one-leaf tree's count may be 0; its cover is never divided by.
      tree.cover[splits + leaf] = counts.leaf[firstLeaf + leaf]!;
    }
    trees.push(tree);
    leafBase += splits + 1;
  }

  return {
    featureCount: numFeatures,
    outputCount: numOutputs,
    // LightGBM folds the starting score (boost_from_average) into the first trees' leaves.
    baseMargins: new Float64Array(numOutputs),
    trees,
    childFor(t: number, node: number, value: number): number {
      const tree = trees[t]!;
      return goesLeft(forest, nodeBase[t]! + node, value) ? tree.left[node]! : tree.right[node]!;
    },
  };
}

/**
 * One step of Tree::GetLeaf (the same rule as findLeaf in predict-lightgbm.ts): values within
 * kZeroThreshold of 0 read as 0; categories in the bitset go left (NaN and negative ones right);
 * a missing value follows default_left under missing type NaN and reads as 0 otherwise; zero
 * follows default_left under missing type Zero; else value <= threshold goes left.
 */
function goesLeft(forest: FlatForest, node: number, value: number): boolean {
  const packed = node * NODE_STRIDE;
  const decision = forest.nodes[packed + NODE_DECISION]!;
  let v = Math.abs(value) <= K_ZERO_THRESHOLD ? 0 : value;
  if ((decision & CATEGORICAL) !== 0) return inCategorySet(forest, node, v);
  const missing = (decision >> 2) & 3;
  if (v !== v) {
    if (missing === MISSING_NAN) return (decision & DEFAULT_LEFT) !== 0;
    v = 0;
  }
  if (missing === MISSING_ZERO && v >= -K_ZERO_THRESHOLD && v <= K_ZERO_THRESHOLD) return (decision & DEFAULT_LEFT) !== 0;
  return v <= forest.nodeThreshold[node]!;
}
