import { describe, expect, it } from 'vitest';
import { loadTreeShapFixture } from '../../../test/fixtures/explain/tree-shap/load-fixture.ts';
import { contributionAt } from '../../core/explain/explanation.ts';
import { createTreeShapExplainer } from '../../core/explain/tree-shap/tree-shap-explainer.ts';
import { encodeJson, modelJson, stump } from '../../../test/fixtures/xgboost/model-builders.ts';
import { predictMargins } from './predict-xgboost.ts';
import { parseXGBoostModel } from './parse-xgboost-model.ts';
import { xgboostTreeModel } from './tree-model.ts';
import { xgboostRuntime } from './xgboost-runtime.ts';

const TOLERANCE = 1e-5;

describe('xgboostTreeModel + TreeSHAP against XGBoost 3.2 pred_contribs', () => {
  it.each(['xgb_binary_missing', 'xgb_multiclass', 'xgb_regression', 'xgb_dart', 'xgb_categorical'])(
    '%s: every contribution and the bias within 1e-5, adding up to the margin the runtime predicts',
    async (name) => {
      const fixture = loadTreeShapFixture(name);
      const model = parseXGBoostModel(fixture.modelBytes);
      const treeModel = xgboostTreeModel(model)!;
      const explanation = await createTreeShapExplainer(treeModel).explain(fixture.batch);
      const margins = predictMargins(model, fixture.batch);
      const featureCount = treeModel.featureCount;
      expect(explanation.outputCount).toBe(fixture.outputs);
      let worst = 0;
      for (let row = 0; row < fixture.batch.rowCount; row++) {
        for (let output = 0; output < fixture.outputs; output++) {
          const expected = fixture.contributions[row]![output]!;
          for (let f = 0; f < featureCount; f++) {
            worst = Math.max(worst, Math.abs(contributionAt(explanation, row, output, f) - expected[f]!));
          }
          worst = Math.max(worst, Math.abs(explanation.baseValues[output]! - expected[featureCount]!));
          const sum = explanation.outputs[row * fixture.outputs + output]!;
          expect(sum).toBeCloseTo(margins[row * fixture.outputs + output]!, 4);
        }
      }
      expect(worst).toBeLessThan(TOLERANCE);
    },
  );
});

describe('xgboostTreeModel', () => {
  const parse = (spec: Parameters<typeof modelJson>[0]) => parseXGBoostModel(encodeJson(modelJson(spec)));

  it('follows XGBoost: float32 value below the threshold goes left, NaN takes default_left', () => {
    // 0.1 rounds to a float32 slightly above 0.1, so a float64 0.1 is not below a float32 0.1 threshold.
    const tree = xgboostTreeModel(parse({ trees: [stump(0, 0.1, -1, 1)] }))!;
    const [left, right] = [tree.trees[0]!.left[0]!, tree.trees[0]!.right[0]!];
    expect(tree.childFor(0, 0, 0.09)).toBe(left);
    expect(tree.childFor(0, 0, 0.1)).toBe(right);
    expect(tree.childFor(0, 0, 0.1000000001)).toBe(right);
    expect(tree.childFor(0, 0, Number.NaN)).toBe(left); // stump's default_left
    const rightDefault = xgboostTreeModel(parse({ trees: [{ ...stump(0, 0.5, -1, 1), defaultLeft: [0, 0, 0] }] }))!;
    expect(rightDefault.childFor(0, 0, Number.NaN)).toBe(rightDefault.trees[0]!.right[0]);
  });

  it('sends category codes in the split set right and every other code (negative, fractional part dropped) left', () => {
    const spec = { left: [1, -1, -1], right: [2, -1, -1], feature: [1, 0, 0], value: [0, -1, 1], categorical: { 0: [2, 5] } };
    const tree = xgboostTreeModel(parse({ trees: [spec], featureTypes: ['float', 'c'] }))!;
    expect([2, 5, 5.7, 3, -1, 0].map((code) => tree.childFor(0, 0, code))).toEqual([2, 2, 2, 1, 1, 1]);
    expect(tree.trees[0]!.threshold[0]).toBeNaN();
  });

  it('scales DART leaves by their weight_drop and keeps sum_hessian as the cover', () => {
    const tree = xgboostTreeModel(parse({ booster: 'dart', trees: [stump(0, 0.5, -1, 1)], weightDrop: [0.5] }))!;
    expect(Array.from(tree.trees[0]!.value)).toEqual([0, -0.5, 0.5]);
    expect(Array.from(tree.trees[0]!.cover)).toEqual([1, 1, 1]);
  });

  it('is undefined for gblinear and for a file without sum_hessian (nothing to weigh the branches by)', () => {
    expect(xgboostTreeModel(parse({ booster: 'gblinear' }))).toBeUndefined();
    const json = modelJson() as { learner: { gradient_booster: { model: { trees: Record<string, unknown>[] } } } };
    delete json.learner.gradient_booster.model.trees[0]!['sum_hessian'];
    const model = parseXGBoostModel(encodeJson(json));
    expect(xgboostTreeModel(model)).toBeUndefined();
    expect(predictMargins(model, { rowCount: 1, columns: [Float64Array.of(1), Float64Array.of(0)] })[0]).toBeCloseTo(1.5);
  });
});

describe('xgboostRuntime treeModel()', () => {
  it('gives the trees of a tree model (built once) and nothing for gblinear', async () => {
    const trees = await xgboostRuntime.load(encodeJson(modelJson({ trees: [stump(0, 0.5, -1, 1)] })));
    expect(trees.treeModel!()!.trees).toHaveLength(1);
    expect(trees.treeModel!()).toBe(trees.treeModel!());
    const linear = await xgboostRuntime.load(encodeJson(modelJson({ booster: 'gblinear' })));
    expect(linear.treeModel!()).toBeUndefined();
  });
});
