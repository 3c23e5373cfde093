import { describe, expect, it } from 'vitest';
import { brierScore } from './brier-score.ts';
import { close, inputOf, references } from './testing/references.ts';

describe('brierScore against scikit-learn 1.9', () => {
  for (const c of [...references.binary, ...references.multiclass]) {
    it(c.name, () => expect({ v: brierScore(inputOf(c)), ok: close(brierScore(inputOf(c)), c.brier) }).toMatchObject({ ok: true }));
  }

  it('halves the sum over classes for two classes only', () => {
    expect(brierScore({ classes: [0, 1], yTrue: [1], probabilities: [[0.4, 0.6]] })).toBeCloseTo(0.16, 15);
    expect(brierScore({ classes: [0, 1, 2], yTrue: [2], probabilities: [[0.2, 0.2, 0.6]] })).toBeCloseTo(0.04 + 0.04 + 0.16, 15);
  });
});
