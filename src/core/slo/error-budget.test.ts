import { describe, expect, it } from 'vitest';
import { addCounts, badShare, budgetRemaining, burnRate, errorBudget } from './error-budget.ts';

describe('error budget', () => {
  it('is the share of events allowed to be bad', () => {
    expect(errorBudget(0.999)).toBeCloseTo(0.001, 12);
    expect(errorBudget(0.99)).toBeCloseTo(0.01, 12);
  });

  it('refuses targets that leave no budget or no objective', () => {
    for (const target of [0, 1, 1.5, -0.1, Number.NaN]) expect(() => errorBudget(target)).toThrow(RangeError);
  });

  it('burns at the bad share over the budget', () => {
    // 99.9%: 1,000,000 requests of which 1,440 failed → 0.144% bad over a 0.1% budget = 1.44.
    expect(burnRate({ total: 1_000_000, bad: 1440 }, 0.999)).toBeCloseTo(1.44, 10);
    // 99%: 200 requests, 6 slow → 3% over 1% = 3.
    expect(burnRate({ total: 200, bad: 6 }, 0.99)).toBeCloseTo(3, 10);
    expect(burnRate({ total: 10, bad: 0 }, 0.99)).toBe(0);
  });

  it('leaves the budget not spent: 1 untouched, 0 spent, negative overspent', () => {
    expect(budgetRemaining({ total: 100_000, bad: 0 }, 0.999)).toBe(1);
    // 25 bad of 100,000 at 99.9%: 100 allowed, a quarter spent.
    expect(budgetRemaining({ total: 100_000, bad: 25 }, 0.999)).toBeCloseTo(0.75, 10);
    expect(budgetRemaining({ total: 100_000, bad: 100 }, 0.999)).toBeCloseTo(0, 10);
    expect(budgetRemaining({ total: 100_000, bad: 300 }, 0.999)).toBeCloseTo(-2, 10);
  });

  it('has no value without events, rather than a perfect one', () => {
    expect(badShare({ total: 0, bad: 0 })).toBeNull();
    expect(burnRate({ total: 0, bad: 0 }, 0.999)).toBeNull();
    expect(budgetRemaining({ total: 0, bad: 0 }, 0.999)).toBeNull();
  });

  it('adds counts', () => {
    expect(addCounts({ total: 3, bad: 1 }, { total: 7, bad: 2 })).toEqual({ total: 10, bad: 3 });
  });
});
