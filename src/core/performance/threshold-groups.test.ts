import { describe, expect, it } from 'vitest';
import { averagePrecisionFromGroups, groupsFromScores, rocAucFromGroups } from './threshold-groups.ts';

describe('threshold groups', () => {
  it('groups tied scores, highest first', () => {
    const groups = groupsFromScores([0.2, 0.9, 0.2, 0.5, 0.9], [1, 0, 0, 1, 1]);
    expect(Array.from(groups.positives)).toEqual([1, 1, 1]);
    expect(Array.from(groups.negatives)).toEqual([1, 0, 1]);
  });

  it('ROC AUC is the share of positive–negative pairs ordered right, ties counting one half', () => {
    // Pairs: (0.9+,0.9−) tie ½, (0.9+,0.2−) 1, (0.5+,0.9−) 0, (0.5+,0.2−) 1, (0.2+,0.9−) 0, (0.2+,0.2−) ½ → 3/6.
    expect(rocAucFromGroups(groupsFromScores([0.2, 0.9, 0.2, 0.5, 0.9], [1, 0, 0, 1, 1]))).toBe(0.5);
  });

  it('AP sums precision at each group that adds recall', () => {
    // Groups: {+,−} at 0.9 → P = 1/2, R = 1/3; {+} at 0.5 → P = 2/3; {+,−} at 0.2 → P = 3/5. AP = (1/2 + 2/3 + 3/5) / 3.
    expect(averagePrecisionFromGroups(groupsFromScores([0.2, 0.9, 0.2, 0.5, 0.9], [1, 0, 0, 1, 1]))).toBeCloseTo(
      (1 / 2 + 2 / 3 + 3 / 5) / 3,
      15,
    );
  });

  it('is undefined (NaN) or 0 where sklearn says so', () => {
    expect(rocAucFromGroups(groupsFromScores([0.1, 0.2], [1, 1]))).toBeNaN();
    expect(averagePrecisionFromGroups(groupsFromScores([0.1, 0.2], [0, 0]))).toBe(0);
  });
});
