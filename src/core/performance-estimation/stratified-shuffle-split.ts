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
): Array<{ train: number[]; test: number[] }> {
  const n = labels.length;
  const testSize = Math.ceil(testShare * n);
  const trainSize = n - testSize;
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const position = new Map(classes.map((c, k) => [c, k]));
  // Rows per class in row order (a stable argsort of the class index).
  const classRows: number[][] = classes.map(() => []);
  for (let i = 0; i < n; i++) classRows[position.get(labels[i]!)!]!.push(i);
  const counts = classRows.map((r) => r.length);
  const rng = new LegacyRandomState(seed);
  const out: Array<{ train: number[]; test: number[] }> = [];
  for (let s = 0; s < splits; s++) {
    const trainCounts = approximateMode(counts, trainSize, rng);
    const testCounts = approximateMode(
      counts.map((c, k) => c - trainCounts[k]!),
      testSize,
      rng,
    );
    const train: number[] = [];
    const test: number[] = [];
    classRows.forEach((rows, k) => {
      const permutation = rng.permutation(counts[k]!);
      // Element by element: spreading a large class into push() would overflow the argument limit.
      for (let p = 0; p < trainCounts[k]!; p++) train.push(rows[permutation[p]!]!);
      for (let p = trainCounts[k]!; p < trainCounts[k]! + testCounts[k]!; p++) test.push(rows[permutation[p]!]!);
    });
    out.push({ train: rng.shuffle(train), test: rng.shuffle(test) });
  }
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
