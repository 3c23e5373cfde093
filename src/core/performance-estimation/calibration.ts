import { argsortAscending, argsortRanks } from './argsort.ts';
import { fitIsotonic, fitIsotonicInOrder, predictIsotonic, type IsotonicFit } from './isotonic.ts';
import { rocAuc, rocAucInOrder } from './realized-metrics.ts';
import { stratifiedShuffleTestSets } from './stratified-shuffle-split.ts';

/**
 * Whether isotonic calibration fitted on the labelled reference should be applied, decided as NannyML's CBPE
 * decides it: no when the labels hold one class or the scores separate them almost perfectly (ROC AUC > 0.999);
 * otherwise calibrate in ten stratified 90/10 splits and keep the calibration only when the expected
 * calibration error of the pooled held-out scores (10 equal-count bins) is lower after it than before.
 *
 * The splits are scikit-learn's StratifiedShuffleSplit(random_state=42) draws, reproduced exactly (see
 * stratified-shuffle-split.ts): on scores that are already calibrated the two errors are within noise of
 * each other and the decision follows the draw, so a different draw would decide differently. One
 * difference remains: the error's bins are cut over the pooled held-out scores sorted stably, where
 * numpy's sort orders equal scores arbitrarily; only scores with ties can be binned differently.
 */
export function needsCalibration(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  byScore: Uint32Array = argsortAscending(scores),
): boolean {
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  if (positives === 0 || positives === n) return false;
  // Without NaN, byScore read backwards orders the rows by decreasing score, which is all rocAuc needs
  // (see rocAucInOrder); NaN scores have no consistent order, so then rocAuc sorts for itself.
  let hasNaN = false;
  for (let i = 0; i < n && !hasNaN; i++) hasNaN = Number.isNaN(scores[i]!);
  if ((hasNaN ? rocAuc(labels, scores) : rocAucInOrder(labels, scores, byScore.slice().reverse())) > 0.999) return false;
  const splits = stratifiedShuffleTestSets(labels, 10, 0.1, 42);
  const pooled = splits.reduce((sum, test) => sum + test.length, 0);
  const testLabels = new Float64Array(pooled);
  const testScores = new Float64Array(pooled);
  // Each row's place among the distinct scores: the held-out scores are then ordered by a counting sort
  // of their ranks, the stable order argsortAscending would give them (equal scores in pooled order).
  const scoreRank = new Uint32Array(n);
  let distinct = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && scores[byScore[k]!] !== scores[byScore[k - 1]!]) distinct++;
    scoreRank[byScore[k]!] = distinct;
  }
  const testRanks = new Uint32Array(pooled);
  const testCalibrated = new Float64Array(pooled);
  let at = 0;
  // Sorted once (byScore); each split's training rows (every row but its held-out ones) are then taken
  // in that order, the held-out ones marked by their place in it so the pass over all rows reads both
  // arrays in order.
  const rank = new Uint32Array(n);
  for (let k = 0; k < n; k++) rank[byScore[k]!] = k;
  const inTrain = new Uint8Array(n);
  const trainOrder = new Uint32Array(n);
  for (const test of splits) {
    inTrain.fill(1);
    for (let t = 0; t < test.length; t++) inTrain[rank[test[t]!]!] = 0;
    let size = 0;
    for (let k = 0; k < n; k++) if (inTrain[k] === 1) trainOrder[size++] = byScore[k]!;
    const fit = fitIsotonicInOrder(scores, labels, trainOrder.subarray(0, size));
    for (const i of test) {
      testLabels[at] = labels[i]!;
      testScores[at] = scores[i]!;
      testRanks[at] = scoreRank[i]!;
      testCalibrated[at++] = predictIsotonic(fit, scores[i]!);
    }
  }
  const edges = binIndexEdges(testScores.length, 10);
  const byTestScore = hasNaN ? argsortAscending(testScores) : argsortRanks(testRanks, distinct + 1);
  return expectedCalibrationError(testLabels, testScores, edges, byTestScore) > expectedCalibrationError(testLabels, testCalibrated, edges);
}

/** The isotonic map fitted on the whole reference when calibration helps; null (scores kept) otherwise. */
export function fitCalibration(labels: ArrayLike<number>, scores: ArrayLike<number>): IsotonicFit | null {
  // One sort serves the check and the fit.
  const byScore = argsortAscending(scores);
  return needsCalibration(labels, scores, byScore) ? fitIsotonic(scores, labels, byScore) : null;
}

/**
 * Equal-count bins over n sorted values, as NannyML cuts them: width floor(n / bins), the last bin taking the
 * remainder (so there can be more bins than asked), and fewer bins when n <= 2 * bins.
 */
export function binIndexEdges(n: number, bins: number): Array<[number, number]> {
  let count = bins;
  if (n <= 2 * count) {
    count = Math.floor(n / 2);
    if (count < 2) throw new RangeError(`cannot split ${n} rows into at least 2 calibration bins`);
  }
  const width = Math.floor(n / count);
  const edges: number[] = [];
  for (let e = 0; e <= n; e += width) edges.push(e);
  edges[edges.length - 1] = n;
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < edges.length; i++) out.push([edges[i]!, edges[i + 1]!]);
  return out;
}

export function expectedCalibrationError(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  edges: ReadonlyArray<[number, number]>,
  order: ArrayLike<number> = argsortAscending(scores),
): number {
  let total = 0;
  for (const [left, right] of edges) {
    let sumScore = 0;
    let sumLabel = 0;
    for (let k = left; k < right; k++) {
      sumScore += scores[order[k]!]!;
      sumLabel += labels[order[k]!]!;
    }
    const size = right - left;
    total += (size / scores.length) * Math.abs(sumScore / size - sumLabel / size);
  }
  return total;
}
