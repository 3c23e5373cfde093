import type { FlatForest, FlatLinearLeaves } from './flatten-forest.ts';
import type { LightGbmObjective } from './objectives.ts';

/** LightGBM's kZeroThreshold: declared `const double kZeroThreshold = 1e-35f`, so the float value widened. */
export const K_ZERO_THRESHOLD = Math.fround(1e-35);

// Field offsets within FlatForest.nodes, the same as NODE_* in flatten-forest.ts (a mismatch would fail
// every prediction test). Local constants rather than imports: with imported bindings this loop measured
// about 10% slower on a 500-tree model.
const NODE_FEATURE = 0;
const NODE_DECISION = 1;
const NODE_LEFT = 2;
const NODE_RIGHT = 3;

// decision_type bits, as in LightGBM's tree.h.
const CATEGORICAL = 1;
const DEFAULT_LEFT = 2;
const MISSING_ZERO = 1;
const MISSING_NAN = 2;
// static_cast<int> of a double at or beyond 2^31 gives INT_MIN on x86, a negative category: right.
const INT_LIMIT = 2147483648;
// Rows are walked through each tree a block at a time, so a tree's nodes stay in cache across the block
// (measured 5-10% faster than row by row on a 500-tree model); the block buffer is kept to 256 KiB.
const MAX_BLOCK_ROWS = 64;
const MAX_BLOCK_VALUES = 32768;

/** Scratch space predictRawScores needs for a forest: a block of rows, laid out row-major. */
export function createRowBlock(forest: FlatForest): Float64Array {
  return new Float64Array(blockRows(forest.numFeatures) * forest.numFeatures);
}

function blockRows(numFeatures: number): number {
  return Math.max(1, Math.min(MAX_BLOCK_ROWS, Math.floor(MAX_BLOCK_VALUES / Math.max(1, numFeatures))));
}

/**
 * Raw scores of every row, as Booster.predict(raw_score=True): the sum of the trees of each class
 * (random forests included: LightGBM averages them only when converting the output).
 * `scores` has rowCount × numOutputs entries; `block` comes from createRowBlock.
 */
export function predictRawScores(
  forest: FlatForest,
  columns: readonly Float64Array[],
  rowCount: number,
  scores: Float64Array,
  block: Float64Array,
): void {
  const { numFeatures, numOutputs } = forest;
  const rowsPerBlock = blockRows(numFeatures);
  scores.fill(0, 0, rowCount * numOutputs);
  for (let start = 0; start < rowCount; start += rowsPerBlock) {
    const end = Math.min(rowCount, start + rowsPerBlock);
    // LightGBM's dense-row reader keeps only values with |v| > kZeroThreshold (or NaN): the rest become 0.
    for (let f = 0; f < numFeatures; f++) {
      const column = columns[f]!;
      for (let r = start, at = f; r < end; r++, at += numFeatures) {
        const v = column[r]!;
        block[at] = Math.abs(v) <= K_ZERO_THRESHOLD ? 0 : v;
      }
    }
    addTrees(forest, block, end - start, scores, start * numOutputs);
  }
}

function addTrees(forest: FlatForest, block: Float64Array, rows: number, scores: Float64Array, scoreBase: number): void {
  const { numFeatures, numOutputs, numTrees, treeRoot, leafValue, linear } = forest;
  for (let t = 0; t < numTrees; t++) {
    const root = treeRoot[t]!;
    const output = scoreBase + (t % numOutputs);
    for (let r = 0; r < rows; r++) {
      const rowBase = r * numFeatures;
      const leaf = root < 0 ? ~root : findLeaf(forest, root, block, rowBase);
      const value =
        linear !== undefined && linear.leafIsLinear[leaf] === 1
          ? linearLeafOutput(linear, leaf, leafValue, block, rowBase)
          : leafValue[leaf]!;
      const at = output + r * numOutputs;
      scores[at] = scores[at]! + value;
    }
  }
}

/** Tree::GetLeaf: walks from `node` to a leaf with LightGBM's NumericalDecision and CategoricalDecision. */
function findLeaf(forest: FlatForest, start: number, block: Float64Array, rowBase: number): number {
  const nodes = forest.nodes;
  const thresholds = forest.nodeThreshold;
  let node = start;
  while (node >= 0) {
    const packed = node << 2; // NODE_STRIDE = 4
    const decision = nodes[packed + NODE_DECISION]!;
    let v = block[rowBase + nodes[packed + NODE_FEATURE]!]!;
    if ((decision & CATEGORICAL) !== 0) {
      node = inCategorySet(forest, node, v) ? nodes[packed + NODE_LEFT]! : nodes[packed + NODE_RIGHT]!;
      continue;
    }
    const missing = (decision >> 2) & 3;
    if (v !== v) {
      if (missing === MISSING_NAN) {
        node = (decision & DEFAULT_LEFT) !== 0 ? nodes[packed + NODE_LEFT]! : nodes[packed + NODE_RIGHT]!;
        continue;
      }
      v = 0; // with missing type None or Zero, LightGBM reads NaN as 0
    }
    if (missing === MISSING_ZERO && v >= -K_ZERO_THRESHOLD && v <= K_ZERO_THRESHOLD) {
      node = (decision & DEFAULT_LEFT) !== 0 ? nodes[packed + NODE_LEFT]! : nodes[packed + NODE_RIGHT]!;
      continue;
    }
    node = v <= thresholds[node]! ? nodes[packed + NODE_LEFT]! : nodes[packed + NODE_RIGHT]!;
  }
  return ~node;
}

/** CategoricalDecision: NaN, negative and out-of-int-range values go right; others are truncated to an int category. */
export function inCategorySet(forest: FlatForest, node: number, v: number): boolean {
  if (!(v > -1 && v < INT_LIMIT)) return false;
  const category = v | 0;
  const word = category >>> 5;
  return word < forest.nodeCatLength[node]! && ((forest.catWords[forest.nodeCatStart[node]! + word]! >>> (category & 31)) & 1) === 1;
}

/** Tree::Predict for linear trees: the leaf's linear model, or its constant value when a used feature is NaN. */
function linearLeafOutput(linear: FlatLinearLeaves, leaf: number, leafValue: Float64Array, block: Float64Array, rowBase: number): number {
  let output = linear.leafConst[leaf]!;
  for (let i = linear.termStart[leaf]!; i < linear.termStart[leaf + 1]!; i++) {
    const v = block[rowBase + linear.termFeature[i]!]!;
    if (v !== v) return leafValue[leaf]!;
    output += linear.termCoeff[i]! * v;
  }
  return output;
}

/** Turns raw scores into Booster.predict's output, in place: averages a random forest, then the objective's link. */
export function convertScores(
  scores: Float64Array,
  rowCount: number,
  forest: FlatForest,
  objective: LightGbmObjective,
  averageOutput: boolean,
): void {
  const k = forest.numOutputs;
  const iterations = forest.numTrees / k;
  for (let r = 0; r < rowCount; r++) {
    const offset = r * k;
    if (averageOutput) for (let i = offset; i < offset + k; i++) scores[i] = scores[i]! / iterations;
    objective.convert(scores, offset);
  }
}
