import { describe, expect, it } from 'vitest';
import type { BatchExplanation } from './explanation.ts';
import { rankFeatureImportance } from './global-importance.ts';

function explanation(contributions: number[], rowCount: number, outputCount: number, featureCount: number): BatchExplanation {
  return {
    method: 'tree_shap',
    space: 'margin',
    rowCount,
    outputCount,
    featureCount,
    baseValues: new Float64Array(outputCount),
    contributions: Float64Array.from(contributions),
    outputs: new Float64Array(rowCount * outputCount),
  };
}

describe('rankFeatureImportance', () => {
  it('ranks by mean |contribution| summed over outputs, ties in signature order', () => {
    // 2 rows × 2 outputs × 3 features.
    const result = rankFeatureImportance(explanation([1, -2, 0, 1, 0, 0, -1, 2, 0, -1, 0, 0], 2, 2, 3), ['a', 'b', 'c']);
    expect(result).toEqual([
      { feature: 'a', importance: 2, rank: 1 },
      { feature: 'b', importance: 2, rank: 2 },
      { feature: 'c', importance: 0, rank: 3 },
    ]);
  });
});
