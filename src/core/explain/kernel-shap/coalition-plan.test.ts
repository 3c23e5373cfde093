import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../model-tests/seeded-random.ts';
import { coalitionBudget, planCoalitions } from './coalition-plan.ts';

function sizesOf(plan: ReturnType<typeof planCoalitions>): number[] {
  const m = plan.featureCount;
  return Array.from({ length: plan.coalitionCount }, (_, k) => plan.masks.subarray(k * m, k * m + m).reduce((a, b) => a + b, 0));
}

describe('coalition plan', () => {
  it('enumerates every coalition but the empty and full ones, each with its Shapley kernel weight, when the budget allows', () => {
    const m = 6;
    const plan = planCoalitions(m, 1000, new SeededRandom(1));
    expect(plan.coalitionCount).toBe(2 ** m - 2);
    expect(plan.enumerated).toBe(plan.coalitionCount);
    const keys = new Set(Array.from({ length: plan.coalitionCount }, (_, k) => plan.masks.subarray(k * m, k * m + m).join('')));
    expect(keys.size).toBe(2 ** m - 2);
    const sizes = sizesOf(plan);
    const kernel = (s: number) => (m - 1) / (binomial(m, s) * s * (m - s));
    let total = 0;
    for (let s = 1; s < m; s++) total += binomial(m, s) * kernel(s);
    sizes.forEach((s, k) => expect(plan.weights[k]).toBeCloseTo(kernel(s) / total, 14));
  });

  it('samples the rest in complementary pairs within the budget, its weights summing to one', () => {
    const m = 12;
    const plan = planCoalitions(m, 300, new SeededRandom(4));
    expect(plan.coalitionCount).toBe(300);
    // Size 1 and its complements fit; size 2 (2 × 66) would need 276 × its share of the weight left ≥ 132, and does not.
    expect(plan.enumerated).toBe(24);
    const sizes = sizesOf(plan);
    for (let k = plan.enumerated; k < plan.coalitionCount; k++) {
      if (sizes[k]! < m / 2 && k + 1 < plan.coalitionCount) {
        expect(sizes[k + 1]).toBe(m - sizes[k]!);
        for (let f = 0; f < m; f++) expect(plan.masks[(k + 1) * m + f]).toBe(1 - plan.masks[k * m + f]!);
        k++;
      }
    }
    expect(plan.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Array.from(planCoalitions(m, 300, new SeededRandom(4)).masks)).toEqual(Array.from(plan.masks));
  });

  it('caps the budget at 2^M − 2 and refuses fewer than two features', () => {
    expect(coalitionBudget(4, 2068)).toBe(14);
    expect(coalitionBudget(40, 2128)).toBe(2128);
    expect(() => planCoalitions(1, 10, new SeededRandom(0))).toThrow(/at least 2 features/);
  });
});

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
