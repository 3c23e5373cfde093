import { LegacyRandomState } from './legacy-random.ts';

/**
 * scikit-learn's `StratifiedShuffleSplit(n_splits, test_size, random_state)` on class labels, drawing
 * the same rows in the same order, so that CBPE's calibration check sees the splits NannyML's sees.
 * Each split holds out ceil(test_size × n) rows; the train and test counts per class come from
 * `_approximate_mode` (proportional, the remainder to the largest fractions, ties broken at random).
 */
export function stratifiedShuffleSplit(
  labels: ArrayLike<number>,
  splits: number,
  testShare: number,
  seed: number,
): Array<{ train: Int32Array; test: Int32Array }> {
  return drawSplits(labels, splits, testShare, seed, true).map(({ train, test }) => ({ train: train!, test }));
}

/**
 * The held-out rows of stratifiedShuffleSplit's splits, the same rows in the same order, for less work:
 * a split's training rows are all the others (its train and test counts add up to every row of every
 * class), so they are neither gathered nor shuffled; the generator still makes every draw for them.
 */
export function stratifiedShuffleTestSets(labels: ArrayLike<number>, splits: number, testShare: number, seed: number): Int32Array[] {
  return drawSplits(labels, splits, testShare, seed, false).map(({ test }) => test);
}

function drawSplits(
  labels: ArrayLike<number>,
  splits: number,
  testShare: number,
  seed: number,
  withTrain: boolean,
): Array<{ train: Int32Array | undefined; test: Int32Array }> {
  const n = labels.length;
  const testSize = Math.ceil(testShare * n);
  const trainSize = n - testSize;
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const position = new Map(classes.map((c, k) => [c, k]));
  // Typed arrays throughout: a reference of a million rows is drawn from ten times.
  const classOf = new Int32Array(n);
  const counts = classes.map(() => 0);
  for (let i = 0; i < n; i++) counts[(classOf[i] = position.get(labels[i]!)!)]!++;
  const classRows = counts.map((c) => new Int32Array(c));
  const filled = counts.map(() => 0);
  for (let i = 0; i < n; i++) classRows[classOf[i]!]![filled[classOf[i]!]!++] = i;
  const rng = new LegacyRandomState(seed);
  const out: Array<{ train: Int32Array | undefined; test: Int32Array }> = [];
  for (let s = 0; s < splits; s++) {
    const trainCounts = approximateMode(counts, trainSize, rng);
    const testCounts = approximateMode(
      counts.map((c, k) => c - trainCounts[k]!),
      testSize,
      rng,
    );
    const trainLength = trainCounts.reduce((a, b) => a + b, 0);
    const train = withTrain ? new Int32Array(trainLength) : undefined;
    const test = new Int32Array(testCounts.reduce((a, b) => a + b, 0));
    let inTrain = 0;
    let inTest = 0;
    classRows.forEach((rows, k) => {
      const permutation = identity(counts[k]!);
      // Without the training rows only the permutation's end (from trainCounts[k] on) is read.
      if (train) rng.shuffle(permutation);
      else rng.shuffleLast(permutation, counts[k]! - trainCounts[k]!);
      if (train) for (let p = 0; p < trainCounts[k]!; p++) train[inTrain++] = rows[permutation[p]!]!;
      for (let p = trainCounts[k]!; p < trainCounts[k]! + testCounts[k]!; p++) test[inTest++] = rows[permutation[p]!]!;
    });
    if (train) rng.shuffle(train);
    else rng.skipShuffle(trainLength);
    out.push({ train, test: rng.shuffle(test) });
  }
  return out;
}

/** 0..n-1, what `permutation(n)` shuffles. */
function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** scikit-learn's `_approximate_mode`: floor of the proportional share, then the largest remainders. */
export function approximateMode(counts: readonly number[], draws: number, rng: LegacyRandomState): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(draws - floored.reduce((a, b) => a + b, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((c, k) => c - floored[k]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, k) => (r === value ? [k] : []));
      const addNow = Math.min(inds.length, needToAdd);
      // rng.choice(inds, size=addNow, replace=False) is permutation(len(inds))[:addNow] in legacy numpy.
      for (const p of rng.permutation(inds.length).slice(0, addNow)) floored[inds[p]!]! += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}
