import { describe, expect, it } from 'vitest';
import { detectScoreKind, mostProbable, scoresToProbabilities } from './class-scores.ts';

describe('scoresToProbabilities', () => {
  it('keeps probabilities as they are', () => {
    expect(Array.from(scoresToProbabilities([0.2, 0.8, 0.6, 0.4], 2, 2, 'probabilities')!)).toEqual([0.2, 0.8, 0.6, 0.4]);
  });

  it('applies a softmax to logits, without overflow on large ones', () => {
    const probabilities = scoresToProbabilities([1, 2, 3, 1000, 1000, 0], 2, 3, 'logits')!;
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const total = e[0]! + e[1]! + e[2]!;
    e.forEach((value, k) => expect(probabilities[k]).toBeCloseTo(value / total, 12));
    expect(Array.from(probabilities.subarray(3))).toEqual([0.5, 0.5, 0]);
  });

  it('reads one column as P(class 1), or its logit through the sigmoid', () => {
    expect(Array.from(scoresToProbabilities([0.25], 1, 2, 'probabilities')!)).toEqual([0.75, 0.25]);
    const [negative, positive] = scoresToProbabilities([Math.log(3)], 1, 2, 'logits')!;
    expect(positive).toBeCloseTo(0.75, 12);
    expect(negative).toBeCloseTo(0.25, 12);
  });

  it('returns undefined when the count fits neither layout', () => {
    expect(scoresToProbabilities([1, 2, 3], 2, 2, 'logits')).toBeUndefined();
  });
});

describe('mostProbable', () => {
  it('takes the largest, the first on a tie', () => {
    expect(Array.from(mostProbable(Float64Array.from([0.1, 0.7, 0.2, 0.4, 0.4, 0.2]), 2, 3))).toEqual([1, 0]);
  });
});

describe('detectScoreKind', () => {
  it('reads rows in [0, 1] summing to 1 as probabilities', () => {
    expect(detectScoreKind([0.2, 0.3, 0.5, 0.9, 0.05, 0.05], 2, 3)).toBe('probabilities');
  });

  it('reads a row that does not sum to 1, or a negative score, as logits', () => {
    expect(detectScoreKind([0.2, 0.3, 0.5, 0.9, 0.5, 0.05], 2, 3)).toBe('logits');
    expect(detectScoreKind([-0.5, 1.5], 1, 2)).toBe('logits');
  });

  it('cannot tell from non-finite scores or no rows', () => {
    expect(detectScoreKind([Number.NaN, 1], 1, 2)).toBeUndefined();
    expect(detectScoreKind([], 0, 2)).toBeUndefined();
  });
});
