import { describe, expect, it } from 'vitest';
import { explainedOutput, importanceBars, outputCount, predictedOutput } from './explain-bars.ts';
import type { Explanation } from './explain-types.ts';

const binary: Explanation = {
  base_value: -1.2,
  contributions: { age: 0.1, debt_to_income: 0.9, income: -0.45, purpose: 0.1 },
  output: -0.65,
  prediction: { label: 0, probabilities: [0.66, 0.34] },
  reasons: ['a debt-to-income ratio of 0.79 raised the risk most'],
  method: 'tree_shap',
  space: 'margin',
};

const multiclass: Explanation = {
  base_value: [0.2, 0.5, 0.3],
  contributions: [
    { a: 0.1, b: -0.2 },
    { a: -0.3, b: 0.05 },
    { a: 0.2, b: 0.15 },
  ],
  output: [0.1, 0.25, 0.65],
  prediction: { label: 'high', probabilities: [0.1, 0.25, 0.65] },
  reasons: [],
  method: 'kernel_shap',
  space: 'probability',
};

describe('explainedOutput', () => {
  it('orders the bars by |contribution|, ties in the order sent, each against the longest', () => {
    const out = explainedOutput(binary, 0);
    expect([out.base, out.output]).toEqual([-1.2, -0.65]);
    expect(out.bars.map((b) => [b.feature, b.contribution, b.length])).toEqual([
      ['debt_to_income', 0.9, 1],
      ['income', -0.45, 0.5],
      ['age', 0.1, 0.1 / 0.9],
      ['purpose', 0.1, 0.1 / 0.9],
    ]);
  });

  it("takes one class's contributions, base and output for a multiclass model", () => {
    expect(outputCount(multiclass)).toBe(3);
    const out = explainedOutput(multiclass, 1);
    expect([out.base, out.output, out.bars.map((b) => b.feature)]).toEqual([0.5, 0.25, ['a', 'b']]);
  });

  it('draws no bar when every contribution is zero', () => {
    const out = explainedOutput({ ...binary, contributions: { a: 0, b: 0 } }, 0);
    expect(out.bars.map((b) => b.length)).toEqual([0, 0]);
  });
});

describe('predictedOutput', () => {
  it('starts on the predicted class of a multiclass model, on the only output otherwise', () => {
    expect(predictedOutput(multiclass, ['low', 'mid', 'high'])).toBe(2);
    expect(predictedOutput(multiclass, undefined)).toBe(0);
    expect(predictedOutput(binary, [0, 1])).toBe(0);
  });
});

describe('importanceBars', () => {
  it('orders by rank and scales against the most important', () => {
    const bars = importanceBars([
      { feature: 'b', importance: 0.2, rank: 2 },
      { feature: 'a', importance: 0.8, rank: 1 },
      { feature: 'c', importance: 0, rank: 3 },
    ]);
    expect(bars.map((b) => [b.feature, b.length])).toEqual([
      ['a', 1],
      ['b', 0.25],
      ['c', 0],
    ]);
  });
});
