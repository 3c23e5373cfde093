import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LegacyRandomState } from './legacy-random.ts';
import { approximateMode, stratifiedShuffleSplit, stratifiedShuffleTestSets } from './stratified-shuffle-split.ts';

const fixture = (
  JSON.parse(readFileSync(new URL('../../../test/fixtures/performance-estimation/isotonic.json', import.meta.url), 'utf8')) as {
    stratified_shuffle_split: { labels: number[]; permutation_10: number[]; splits: Array<{ train: number[]; test: number[] }> };
  }
).stratified_shuffle_split;

describe('numpy legacy RandomState and scikit-learn StratifiedShuffleSplit', () => {
  it('permutes as numpy.random.RandomState(42).permutation', () => {
    expect(new LegacyRandomState(42).permutation(10)).toEqual(fixture.permutation_10);
  });

  it('draws the same ten splits, rows in the same order, as StratifiedShuffleSplit(test_size=0.1, random_state=42)', () => {
    const splits = stratifiedShuffleSplit(fixture.labels, 10, 0.1, 42);
    expect(splits.map((s) => ({ train: Array.from(s.train), test: Array.from(s.test) }))).toEqual(fixture.splits);
  });

  it('gives the held-out rows without the training rows: the same rows in the same order, every split', () => {
    const cases = [
      fixture.labels,
      Int32Array.from({ length: 20_001 }, (_, i) => (i % 7 === 0 ? 1 : 0)),
      Int32Array.from({ length: 3_001 }, (_, i) => (i * 2654435761) % 5),
      [0, 1, 1, 0, 2, 2, 2, 1, 0, 0, 1, 2],
    ];
    for (const labels of cases) {
      const full = stratifiedShuffleSplit(labels, 10, 0.1, 42);
      expect(stratifiedShuffleTestSets(labels, 10, 0.1, 42).map((t) => Array.from(t))).toEqual(full.map((s) => Array.from(s.test)));
      // Training and held-out rows are every row once: what the calibration check relies on.
      for (const { train, test } of full) expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from(labels, (_, i) => i));
    }
  });

  it('gives the remainder to the largest fractions (scikit-learn’s _approximate_mode examples)', () => {
    expect(approximateMode([4, 2], 3, new LegacyRandomState(0))).toEqual([2, 1]);
    expect(approximateMode([5, 2], 4, new LegacyRandomState(0))).toEqual([3, 1]);
  });

  it('splits a reference of several hundred thousand rows (no argument-count overflow)', () => {
    const labels = Int32Array.from({ length: 300_000 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const [first] = stratifiedShuffleSplit(labels, 1, 0.1, 42);
    expect(first!.test).toHaveLength(30_000);
    expect(first!.train).toHaveLength(270_000);
  });
});
