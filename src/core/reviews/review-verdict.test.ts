import { describe, expect, it } from 'vitest';
import { reviewVerdict } from './review-verdict.ts';

const binary = (p: number) => ({ label: p >= 0.5 ? 'yes' : 'no', probabilities: [1 - p, p] });

describe('reviewVerdict', () => {
  it('holds a row whose top probability is below the threshold, the most doubtful first', () => {
    const when = { kind: 'max_probability_below', threshold: 0.6 } as const;
    expect(reviewVerdict(when, binary(0.9), undefined, undefined)).toBeUndefined();
    expect(reviewVerdict(when, binary(0.4), undefined, undefined)).toBeUndefined(); // top is 0.6: not below
    const near = reviewVerdict(when, binary(0.58), undefined, undefined)!;
    const doubt = reviewVerdict(when, binary(0.51), undefined, undefined)!;
    expect(near.reason).toBe('max probability 0.58 < 0.6');
    expect(doubt.priority).toBeLessThan(near.priority);
    expect(reviewVerdict(when, { label: 'b', probabilities: [0.3, 0.35, 0.35] }, undefined, undefined)?.priority).toBe(-0.25);
  });

  it("reads the positive class's probability for binary, the top class's for multiclass", () => {
    const when = { kind: 'probability_between', low: 0.4, high: 0.6 } as const;
    expect(reviewVerdict(when, binary(0.45), undefined, undefined)?.reason).toBe('probability 0.45 between 0.4 and 0.6');
    expect(reviewVerdict(when, binary(0.3), undefined, undefined)).toBeUndefined();
    expect(reviewVerdict(when, binary(0.5), undefined, undefined)?.priority).toBe(-0.1);
    expect(reviewVerdict(when, binary(0.6), undefined, undefined)?.priority).toBe(0);
    expect(reviewVerdict(when, { label: 'c', probabilities: [0.1, 0.35, 0.55] }, undefined, undefined)?.reason).toBe(
      'probability 0.55 between 0.4 and 0.6',
    );
  });

  it('never holds a regressor on a probability condition', () => {
    expect(reviewVerdict({ kind: 'max_probability_below', threshold: 0.6 }, { value: 0.1 }, undefined, undefined)).toBeUndefined();
  });

  it('holds flagged rows and disagreeing ensembles', () => {
    const flags = [{ column: 'age', code: 'out_of_range' }];
    expect(reviewVerdict({ kind: 'contract_flagged' }, binary(0.9), flags, undefined)).toEqual({
      reason: 'contract flagged age (out_of_range)',
      priority: 0,
    });
    expect(reviewVerdict({ kind: 'contract_flagged' }, binary(0.9), [], undefined)).toBeUndefined();
    expect(reviewVerdict({ kind: 'disagreement' }, binary(0.9), undefined, true)?.reason).toBe('ensemble members disagree');
    expect(reviewVerdict({ kind: 'disagreement' }, binary(0.9), undefined, false)).toBeUndefined();
  });
});
