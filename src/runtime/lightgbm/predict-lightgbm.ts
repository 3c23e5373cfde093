import type { FlatForest } from './flatten-forest.ts';
import type { LightGbmObjective } from './objectives.ts';

/** LightGBM's kZeroThreshold: declared `const double kZeroThreshold = 1e-35f`, so the float value widened. */
export const K_ZERO_THRESHOLD = Math.fround(1e-35);

// decision_type bits, as in LightGBM's tree.h.
const CATEGORICAL = 1;
const DEFAULT_LEFT = 2;
const MISSING_ZERO = 1;
const MISSING_NAN = 2;
// static_cast<int> of a double at or beyond 2^31 gives INT_MIN on x86, a negative category: right.
const INT_LIMIT = 2147483648;

/**
 * Raw scores of every row, as Booster.predict(raw_score=True): the sum of the trees of each class
 * (random forests included: LightGBM averages them only when converting the output).
 * `scores` has rowCount × numOutputs entries; `row` is scratch space of numFeatures entries.
 */
export function predictRawScores(forest: FlatForest, columns: readonly Float64Array[], rowCount: number, scores: Float64Array, row: Float64Array): void {
  const { numFeatures, numOutputs, numTrees, treeRoot, nodeFeature, nodeThreshold, nodeDecision, nodeLeft, nodeRight } = forest;
  const { nodeCatStart, nodeCatLength, catWords, leafValue, linear } = forest;
  scores.fill(0, 0, rowCount * numOutputs);
  for (let r = 0; r < rowCount; r++) {
    // LightGBM's dense-row reader keeps only values with |v| > kZeroThreshold (or NaN): the rest become 0.
    for (let f = 0; f < numFeatures; f++) {
      const v = columns[f]![r]!;
      row[f] = Math.abs(v) <= K_ZERO_THRESHOLD ? 0 : v;
    }
    const base = r * numOutputs;
    for (let t = 0; t < numTrees; t++) {
      let node = treeRoot[t]!;
      while (node >= 0) {
        const decision = nodeDecision[node]!;
        let v = row[nodeFeature[node]!]!;
        if ((decision & CATEGORICAL) !== 0) {
          // NaN, negative and out-of-int-range values go right; others are truncated to an int category.
          let inSet = false;
          if (v === v && v > -1 && v < INT_LIMIT) {
            const category = v | 0;
            const word = category >>> 5;
            inSet = word < nodeCatLength[node]! && ((catWords[nodeCatStart[node]! + word]! >>> (category & 31)) & 1) === 1;
          }
          node = inSet ? nodeLeft[node]! : nodeRight[node]!;
          continue;
        }
        const missing = (decision >> 2) & 3;
        if (v !== v) {
          if (missing === MISSING_NAN) {
            node = (decision & DEFAULT_LEFT) !== 0 ? nodeLeft[node]! : nodeRight[node]!;
            continue;
          }
          v = 0; // with missing type None or Zero, LightGBM reads NaN as 0
        }
        if (missing === MISSING_ZERO && v >= -K_ZERO_THRESHOLD && v <= K_ZERO_THRESHOLD) {
          node = (decision & DEFAULT_LEFT) !== 0 ? nodeLeft[node]! : nodeRight[node]!;
          continue;
        }
        node = v <= nodeThreshold[node]! ? nodeLeft[node]! : nodeRight[node]!;
      }
      const leaf = ~node;
      const output = base + (t % numOutputs);
      scores[output] = scores[output]! + (linear !== undefined && linear.leafIsLinear[leaf] === 1 ? linearLeafOutput(linear, leaf, leafValue, row) : leafValue[leaf]!);
    }
  }
}

/** Tree::Predict for linear trees: the leaf's linear model, or its constant value when a used feature is NaN. */
function linearLeafOutput(linear: NonNullable<FlatForest['linear']>, leaf: number, leafValue: Float64Array, row: Float64Array): number {
  let output = linear.leafConst[leaf]!;
  for (let i = linear.termStart[leaf]!; i < linear.termStart[leaf + 1]!; i++) {
    const v = row[linear.termFeature[i]!]!;
    if (v !== v) return leafValue[leaf]!;
    output += linear.termCoeff[i]! * v;
  }
  return output;
}

/** Turns raw scores into Booster.predict's output, in place: averages a random forest, then the objective's link. */
export function convertScores(scores: Float64Array, rowCount: number, forest: FlatForest, objective: LightGbmObjective, averageOutput: boolean): void {
  const k = forest.numOutputs;
  const iterations = forest.numTrees / k;
  for (let r = 0; r < rowCount; r++) {
    const offset = r * k;
    if (averageOutput) for (let i = offset; i < offset + k; i++) scores[i] = scores[i]! / iterations;
    objective.convert(scores, offset);
  }
}
