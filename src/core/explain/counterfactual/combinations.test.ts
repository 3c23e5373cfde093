import { describe, expect, it } from 'vitest';
import { cheapestCombinations, subsetsOf } from './combinations.ts';

describe('cheapestCombinations', () => {
  it('yields every combination once, in ascending total cost', () => {
    const costs = [
      [0.1, 0.5, 2],
      [0.2, 0.3],
      [1, 1.5],
    ];
    const sums = [...cheapestCombinations(costs)].map((at) => at.reduce((s, i, l) => s + costs[l]![i]!, 0));
    expect(sums).toHaveLength(12);
    expect(sums).toEqual([...sums].sort((a, b) => a - b));
    expect(new Set([...cheapestCombinations(costs)].map((at) => at.join())).size).toBe(12);
  });

  it('yields nothing when a list is empty', () => {
    expect([...cheapestCombinations([[1], []])]).toEqual([]);
  });
});

describe('subsetsOf', () => {
  it('lists the subsets of a size in order', () => {
    expect([...subsetsOf(['a', 'b', 'c', 'd'], 2)].map((s) => s.join(''))).toEqual(['ab', 'ac', 'ad', 'bc', 'bd', 'cd']);
    expect([...subsetsOf(['a'], 2)]).toEqual([]);
  });
});
