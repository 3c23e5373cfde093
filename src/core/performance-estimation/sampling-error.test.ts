import { describe, expect, it } from 'vitest';
import { fitSamplingError, samplingError } from './sampling-error.ts';

// labels/predictions: TP 2, FP 1, FN 1, TN 4 (n = 8)
const rows = {
  labels: [1, 1, 1, 0, 0, 0, 0, 0],
  predictions: [1, 1, 0, 1, 0, 0, 0, 0],
  scores: [[0.9, 0.8, 0.3, 0.6, 0.2, 0.1, 0.4, 0.05]],
};

describe('sampling error (NannyML’s formulas)', () => {
  it('accuracy: std of the 0/1 correct flags over sqrt(n)', () => {
    const c = fitSamplingError('accuracy', rows, 2);
    const p = 6 / 8;
    expect(samplingError(c, 100)).toBeCloseTo(Math.sqrt(p * (1 - p)) / 10, 12);
  });

  it('precision: std of the TP/FP flags over sqrt(n × share of positive predictions)', () => {
    const c = fitSamplingError('precision', rows, 2);
    const p = 2 / 3;
    expect(samplingError(c, 100)).toBeCloseTo(Math.sqrt(p * (1 - p)) / Math.sqrt(100 * (3 / 8)), 12);
  });

  it('binary F1 rescales the flags by the correcting factor', () => {
    const c = fitSamplingError('f1', rows, 2);
    const factor = 4 / (0.5 * 2 + 2);
    const p = 2 / 4;
    expect(samplingError(c, 50)).toBeCloseTo((factor * Math.sqrt(p * (1 - p))) / Math.sqrt(50 * (4 / 8)), 12);
  });

  it('shrinks as 1/sqrt(rows)', () => {
    const c = fitSamplingError('roc_auc', rows, 2);
    expect(samplingError(c, 400)).toBeCloseTo(samplingError(c, 100) / 2, 12);
  });

  it('multiclass: sqrt(Σ var_k / (n × share_k)) / K', () => {
    const mc = { labels: [0, 1, 2, 0], predictions: [0, 1, 1, 2], scores: [[], [], []] };
    const c = fitSamplingError('recall', mc, 3);
    // class 0: TP 1, FN 1 → var .25, share .5; class 1: TP 1 → var 0, share .25; class 2: FN 1 → var 0, share .25
    expect(samplingError(c, 10)).toBeCloseTo(Math.sqrt(0.25 / (10 * 0.5)) / 3, 12);
  });
});
