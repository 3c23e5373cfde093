import { describe, expect, it } from 'vitest';
import { changeCost, robustScale } from './distance.ts';

describe('robustScale', () => {
  it('is the median absolute deviation, ignoring missing values', () => {
    // median 3, deviations 2,1,0,1,97 → median 1
    expect(robustScale([1, 2, 3, 4, 100, Number.NaN])).toBe(1);
  });

  it('falls back to the range when most values are equal, then to 1', () => {
    expect(robustScale([5, 5, 5, 5, 9])).toBe(4);
    expect(robustScale([5, 5])).toBe(1);
    expect(robustScale([])).toBe(1);
  });
});

describe('changeCost', () => {
  it('scales numbers and counts categories and missing values as 1', () => {
    expect(changeCost(10, 16, 2)).toBe(3);
    expect(changeCost(3, 1, undefined)).toBe(1);
    expect(changeCost('rent', 'own', undefined)).toBe(1);
    expect(changeCost(Number.NaN, 4, 2)).toBe(1);
    expect(changeCost(4, 4, 2)).toBe(0);
  });
});
