import { describe, expect, it } from 'vitest';
import { contributionAt } from '../explanation.ts';
import type { ExplainableTree, TreeModel } from '../tree-model.ts';
import { createTreeShapExplainer } from './tree-shap-explainer.ts';

/** A stump on `feature`: below `threshold` gives `low` (cover 3), else `high` (cover 1). */
function stump(output: number, feature: number, threshold: number, low: number, high: number): ExplainableTree {
  return {
    output,
    feature: Int32Array.of(feature, -1, -1),
    left: Int32Array.of(1, -1, -1),
    right: Int32Array.of(2, -1, -1),
    cover: Float64Array.of(4, 3, 1),
    value: Float64Array.of(0, low, high),
    threshold: Float64Array.of(threshold, Number.NaN, Number.NaN),
  };
}

function model(trees: ExplainableTree[], outputCount: number, baseMargins: number[]): TreeModel {
  return {
    featureCount: 2,
    outputCount,
    baseMargins: Float64Array.from(baseMargins),
    trees,
    childFor: (t, node, value) => (value < trees[t]!.threshold[node]! ? 1 : 2),
  };
}

describe('createTreeShapExplainer', () => {
  it('starts from the base margin plus every tree’s cover-weighted mean, per output, in margin space', async () => {
    const explainer = createTreeShapExplainer(
      model([stump(0, 0, 0.5, 1, 5), stump(1, 1, 0.5, -2, 2), stump(1, 0, 0.5, 0, 4)], 2, [0.5, -1]),
    );
    expect([explainer.method, explainer.space]).toEqual(['tree_shap', 'margin']);
    const batch = { rowCount: 2, columns: [Float64Array.of(0, 1), Float64Array.of(1, 0)] };
    const result = await explainer.explain(batch);
    // Output 0: 0.5 + (3·1 + 1·5)/4 = 2.5; output 1: -1 + (3·-2 + 2)/4 + (0 + 4)/4 = -1.
    expect(Array.from(result.baseValues)).toEqual([2.5, -1]);
    // Row 0 (x0 = 0, x1 = 1): output 0 gets 1 - 2 from x0; output 1 gets 2 - (-1) from x1 and 0 - 1 from x0.
    expect([0, 1].map((f) => contributionAt(result, 0, 0, f))).toEqual([-1, 0]);
    expect([0, 1].map((f) => contributionAt(result, 0, 1, f))).toEqual([-1, 3]);
    expect(Array.from(result.outputs.subarray(0, 2))).toEqual([1.5, 1]);
    // Row 1 (x0 = 1, x1 = 0): outputs are the margins the trees give, 0.5 + 5 and -1 - 2 + 4.
    expect(Array.from(result.outputs.subarray(2, 4))).toEqual([5.5, 1]);
  });

  it('refuses a batch that is not the model’s: wrong column count or a string column', async () => {
    const explainer = createTreeShapExplainer(model([stump(0, 0, 0.5, 1, 5)], 1, [0]));
    await expect(explainer.explain({ rowCount: 1, columns: [Float64Array.of(0)] })).rejects.toThrow(/1 columns, the model 2/);
    await expect(explainer.explain({ rowCount: 1, columns: [Float64Array.of(0), ['a']] })).rejects.toThrow(/column 1 must be numeric/);
  });
});
