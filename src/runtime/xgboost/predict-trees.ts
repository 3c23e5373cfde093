import type { CategoricalSplits, TreeEnsemble } from './xgboost-model.ts';

/**
 * Rows per block: every tree walks a block of rows before the next tree starts, so a large
 * ensemble's nodes stay in cache while the block's features do too (XGBoost's CPU predictor
 * blocks rows the same way).
 */
const BLOCK_ROWS = 64;

/** Category codes at or above 2^24 cannot be told apart in float32; XGBoost sends them left. */
const CATEGORY_LIMIT = 16_777_216;

/**
 * Adds every tree's leaf value to the row's margin for the tree's group, in tree order. `features`
 * is row-major float32 (XGBoost compares float32 values), NaN for missing; `margins` is row-major
 * rowCount × groupCount float32 already holding the base margins, so each addition rounds to
 * float32 exactly as XGBoost's accumulation does.
 */
export function addTreeMargins(
  ensemble: TreeEnsemble,
  features: Float32Array,
  featureCount: number,
  rowCount: number,
  groupCount: number,
  margins: Float32Array,
): void {
  if (ensemble.categorical === undefined) addNumericTrees(ensemble, features, featureCount, rowCount, groupCount, margins);
  else addMixedTrees(ensemble, ensemble.categorical, features, featureCount, rowCount, groupCount, margins);
}

function addNumericTrees(
  ensemble: TreeEnsemble,
  features: Float32Array,
  featureCount: number,
  rowCount: number,
  groupCount: number,
  margins: Float32Array,
): void {
  const { treeRoots, treeGroups, treeWeights, nodeFeature, nodeValue, nodeLeft, nodeMissing } = ensemble;
  const treeCount = treeRoots.length;
  for (let blockStart = 0; blockStart < rowCount; blockStart += BLOCK_ROWS) {
    const blockEnd = Math.min(rowCount, blockStart + BLOCK_ROWS);
    for (let t = 0; t < treeCount; t++) {
      const root = treeRoots[t]!;
      const group = treeGroups[t]!;
      const weight = treeWeights === undefined ? 1 : treeWeights[t]!;
      for (let row = blockStart; row < blockEnd; row++) {
        const offset = row * featureCount;
        let node = root;
        let feature = nodeFeature[node]!;
        while (feature >= 0) {
          const value = features[offset + feature]!;
          // NaN is the only value not equal to itself: a missing value takes the default branch.
          // Number(boolean) compiles without a branch; the comparison is the unpredictable one.
          node = value !== value ? nodeMissing[node]! : nodeLeft[node]! + Number(value >= nodeValue[node]!);
          feature = nodeFeature[node]!;
        }
        // DART scales each tree's output in float32 before adding it; weight 1 leaves it unchanged.
        margins[row * groupCount + group]! += Math.fround(nodeValue[node]! * weight);
      }
    }
  }
}

function addMixedTrees(
  ensemble: TreeEnsemble,
  categorical: CategoricalSplits,
  features: Float32Array,
  featureCount: number,
  rowCount: number,
  groupCount: number,
  margins: Float32Array,
): void {
  const { treeRoots, treeGroups, treeWeights, nodeFeature, nodeValue, nodeLeft, nodeMissing } = ensemble;
  const { start, end, codes } = categorical;
  const treeCount = treeRoots.length;
  for (let blockStart = 0; blockStart < rowCount; blockStart += BLOCK_ROWS) {
    const blockEnd = Math.min(rowCount, blockStart + BLOCK_ROWS);
    for (let t = 0; t < treeCount; t++) {
      const root = treeRoots[t]!;
      const group = treeGroups[t]!;
      const weight = treeWeights === undefined ? 1 : treeWeights[t]!;
      for (let row = blockStart; row < blockEnd; row++) {
        const offset = row * featureCount;
        let node = root;
        let feature = nodeFeature[node]!;
        while (feature >= 0) {
          const value = features[offset + feature]!;
          if (value !== value) {
            node = nodeMissing[node]!;
          } else {
            const first = start[node]!;
            const goRight = first < 0 ? value >= nodeValue[node]! : hasCode(codes, first, end[node]!, value);
            node = nodeLeft[node]! + Number(goRight);
          }
          feature = nodeFeature[node]!;
        }
        margins[row * groupCount + group]! += Math.fround(nodeValue[node]! * weight);
      }
    }
  }
}

/**
 * XGBoost's categorical Decision: a code in the split's set goes right; anything else goes left,
 * including codes the set lacks, negative values and codes ≥ 2^24. A fractional value is
 * truncated to its whole part first, as the C++ cast to int does.
 */
export function hasCode(codes: Int32Array, first: number, end: number, value: number): boolean {
  if (value < 0 || value >= CATEGORY_LIMIT) return false;
  const code = value | 0;
  let low = first;
  let high = end - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = codes[middle]!;
    if (candidate === code) return true;
    if (candidate < code) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
