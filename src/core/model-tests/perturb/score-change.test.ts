import { describe, expect, it } from 'vitest';
import type { ScoredRows } from '../suite-types.ts';
import { compareScores, rowScore } from './score-change.ts';

function classified(classes: number, probabilities: number[], labels: number[]): ScoredRows {
  return {
    kind: 'classification',
    classes: Array.from({ length: classes }, (_, i) => i),
    probabilities: Float64Array.from(probabilities),
    labelIndex: Int32Array.from(labels),
  };
}

describe('compareScores', () => {
  it('a binary classifier: flips of the label, |Δ P(positive)|', () => {
    const before = classified(2, [0.9, 0.1, 0.4, 0.6, 0.5, 0.5], [0, 1, 1]);
    const after = classified(2, [0.7, 0.3, 0.6, 0.4, 0.5, 0.5], [0, 0, 1]);
    const change = compareScores(before, after);
    expect(change.flipRate).toBeCloseTo(1 / 3, 12);
    expect(change.flipped).toBe(1);
    expect(change.meanAbsChange).toBeCloseTo((0.2 + 0.2 + 0) / 3, 12);
  });
  it('a multiclass classifier: the largest |Δp| over the classes', () => {
    const before = classified(3, [0.5, 0.3, 0.2], [0]);
    const after = classified(3, [0.2, 0.3, 0.5], [2]);
    expect(compareScores(before, after)).toEqual({ flipRate: 1, flipped: 1, meanAbsChange: 0.3, lostRows: 0 });
  });
  it('a regressor: |Δ value|, and no flip rate', () => {
    const change = compareScores(
      { kind: 'regression', values: Float64Array.of(1, 2) },
      { kind: 'regression', values: Float64Array.of(2, 0) },
    );
    expect(change.flipRate).toBeNull();
    expect(change.meanAbsChange).toBe(1.5);
  });
  it('leaves out rows without a score before, and is undefined when a row loses its score', () => {
    const before = { kind: 'regression', values: Float64Array.of(Number.NaN, 2) } as const;
    expect(compareScores(before, { kind: 'regression', values: Float64Array.of(5, 3) }).meanAbsChange).toBe(1);
    const lost = compareScores(before, { kind: 'regression', values: Float64Array.of(5, Number.NaN) });
    expect(lost.meanAbsChange).toBeNull();
    expect(lost.lostRows).toBe(1);
  });
});

describe('rowScore', () => {
  it("reads a class's probability or a regressor's value", () => {
    expect(rowScore(classified(3, [0.5, 0.3, 0.2, 0.1, 0.1, 0.8], [0, 2]), 2, 1)).toBe(0.8);
    expect(rowScore({ kind: 'regression', values: Float64Array.of(4, 7) }, 0, 1)).toBe(7);
  });
});
