import { describe, expect, it } from 'vitest';
import { estimateBinary, estimatedRocAuc, estimateMulticlass, expectedCounts } from './expected-metrics.ts';

describe('expected confusion matrix', () => {
  const p = [0.9, 0.6, 0.2, 0.4];
  const pred = [1, 1, 0, 0];

  it('adds each row’s probability of each cell', () => {
    const c = expectedCounts(p, pred, 1);
    expect(c.tp).toBeCloseTo(1.5, 12);
    expect(c.fp).toBeCloseTo(0.5, 12);
    expect(c.fn).toBeCloseTo(0.6, 12);
    expect(c.tn).toBeCloseTo(1.4, 12);
  });

  it('reads the metrics off it', () => {
    expect(estimateBinary('accuracy', p, pred, p)).toBeCloseTo(2.9 / 4, 12);
    expect(estimateBinary('precision', p, pred, p)).toBeCloseTo(1.5 / 2, 12);
    expect(estimateBinary('recall', p, pred, p)).toBeCloseTo(1.5 / 2.1, 12);
    expect(estimateBinary('f1', p, pred, p)).toBeCloseTo(1.5 / (1.5 + 0.55), 12);
    expect(estimateBinary('specificity', p, pred, p)).toBeCloseTo(1.4 / 1.9, 12);
  });

  it('gives 0 where no row is predicted positive (NannyML)', () => {
    expect(estimateBinary('precision', [0.3, 0.2], [0, 0], [0.3, 0.2])).toBe(0);
  });
});

describe('estimatedRocAuc', () => {
  it('is the AUC of the expected ROC curve, ranked by the raw score', () => {
    // Ranked by score: rows (p=1), (p=0): a perfect expected ranking.
    expect(estimatedRocAuc([1, 0], [0.9, 0.1])).toBeCloseTo(1, 12);
    expect(estimatedRocAuc([0, 1], [0.9, 0.1])).toBeCloseTo(0, 12);
    // p = 0.5 everywhere: as good as chance whatever the ranking.
    expect(estimatedRocAuc([0.5, 0.5, 0.5, 0.5], [0.4, 0.3, 0.2, 0.1])).toBeCloseTo(0.5, 12);
  });

  it('enters tied scores together, so the order of ties does not matter', () => {
    const a = estimatedRocAuc([0.9, 0.1, 0.5], [0.5, 0.5, 0.2]);
    const b = estimatedRocAuc([0.1, 0.9, 0.5], [0.5, 0.5, 0.2]);
    expect(a).toBeCloseTo(b, 12);
  });
});

describe('estimateMulticlass', () => {
  it('accuracy is the mean probability of the predicted class; the others are one-vs-rest macro means', () => {
    const calibrated = [
      [0.7, 0.2],
      [0.2, 0.5],
      [0.1, 0.3],
    ];
    const predictions = [0, 1];
    expect(estimateMulticlass('accuracy', calibrated, predictions, calibrated)).toBeCloseTo(0.6, 12);
    // class 0: tp .7 fp .3 fn .2 → precision .7; class 1: tp .5 fp .5 → .5; class 2: never predicted → 0
    expect(estimateMulticlass('precision', calibrated, predictions, calibrated)).toBeCloseTo((0.7 + 0.5 + 0) / 3, 12);
  });
});
