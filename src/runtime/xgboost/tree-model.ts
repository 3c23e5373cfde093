import type { ExplainableTree, TreeModel } from '../../core/explain/tree-model.ts';
import { hasCode } from './predict-trees.ts';
import type { XGBoostModel } from './xgboost-model.ts';

/**
 * The model's trees as TreeSHAP reads them, or undefined when they cannot be explained exactly: gblinear
 * has no trees, and a file without sum_hessian has no cover to weigh the branches a row does not take.
 * Nodes keep the runtime's flat layout (per tree, renumbered from its root); leaf values are float32 as
 * XGBoost stores them, each scaled by its DART weight as XGBoost's pred_contribs does.
 */
export function xgboostTreeModel(model: XGBoostModel): TreeModel | undefined {
  const booster = model.booster;
  if (booster.kind !== 'trees' || booster.nodeCover === undefined) return undefined;
  const { treeRoots, treeGroups, treeWeights, nodeFeature, nodeValue, nodeLeft, nodeMissing, categorical, nodeCover } = booster;
  const total = nodeFeature.length;
  const trees: ExplainableTree[] = [];
  for (let t = 0; t < treeRoots.length; t++) {
    const root = treeRoots[t]!;
    const end = t + 1 < treeRoots.length ? treeRoots[t + 1]! : total;
    const size = end - root;
    const feature = nodeFeature.slice(root, end);
    const left = new Int32Array(size).fill(-1);
    const right = new Int32Array(size).fill(-1);
    const value = new Float64Array(size);
    const threshold = new Float64Array(size).fill(Number.NaN);
    const weight = treeWeights === undefined ? 1 : treeWeights[t]!;
    for (let node = 0; node < size; node++) {
      const flat = root + node;
      if (feature[node]! < 0) {
        value[node] = nodeValue[flat]! * weight;
        continue;
      }
      left[node] = nodeLeft[flat]! - root;
      right[node] = left[node]! + 1;
      if (categorical === undefined || categorical.start[flat]! < 0) threshold[node] = nodeValue[flat]!;
    }
    trees.push({ output: treeGroups[t]!, feature, left, right, cover: nodeCover.slice(root, end), value, threshold });
  }

  return {
    featureCount: model.featureCount,
    outputCount: model.groupCount,
    baseMargins: Float64Array.from(model.baseMargins),
    trees,
    // XGBoost's GetNextNode: missing takes the default child; a category code in the split's set goes
    // right; a number goes left when, as float32, it is below the threshold.
    childFor(tree: number, node: number, value: number): number {
      const flat = treeRoots[tree]! + node;
      const leftChild = nodeLeft[flat]! - treeRoots[tree]!;
      if (value !== value) return nodeMissing[flat]! - treeRoots[tree]!;
      const value32 = Math.fround(value);
      if (categorical !== undefined && categorical.start[flat]! >= 0) {
        return leftChild + Number(hasCode(categorical.codes, categorical.start[flat]!, categorical.end[flat]!, value32));
      }
      return leftChild + Number(value32 >= nodeValue[flat]!);
    },
  };
}
