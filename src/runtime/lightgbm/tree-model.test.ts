import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTreeShapFixture } from '../../../test/fixtures/explain/tree-shap/load-fixture.ts';
import { contributionAt } from '../../core/explain/explanation.ts';
import { createTreeShapExplainer } from '../../core/explain/tree-shap/tree-shap-explainer.ts';
import type { LightGbmLoadedModel } from './lightgbm-runtime.ts';
import { lightgbmRuntime } from './lightgbm-runtime.ts';
import { modelText } from './testing/model-text-builder.ts';

const TOLERANCE = 1e-5;

async function load(bytes: Uint8Array): Promise<LightGbmLoadedModel> {
  return (await lightgbmRuntime.load(bytes)) as LightGbmLoadedModel;
}

describe('LightGBM treeModel() + TreeSHAP against LightGBM 4.7 pred_contrib', () => {
  it.each(['lgb_binary_missing', 'lgb_multiclass', 'lgb_regression_zero', 'lgb_categorical'])(
    '%s: every contribution and the bias within 1e-5, adding up to the raw score the runtime predicts',
    async (name) => {
      const fixture = loadTreeShapFixture(name);
      const model = await load(fixture.modelBytes);
      const treeModel = model.treeModel()!;
      const explanation = await createTreeShapExplainer(treeModel).explain(fixture.batch);
      const raw = model.predictRaw(fixture.batch);
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
          expect(explanation.outputs[row * fixture.outputs + output]).toBeCloseTo(raw[row * fixture.outputs + output]!, 9);
          expect(raw[row * fixture.outputs + output]).toBeCloseTo(fixture.margins[row]![output]!, 9);
        }
      }
      expect(worst).toBeLessThan(TOLERANCE);
    },
  );
});

describe('LightGBM treeModel()', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  const stump = (extra: Record<string, string>, decision: number, threshold = 0.5) => ({
    split_feature: [0],
    threshold: [threshold],
    decision_type: [decision],
    left_child: [-1],
    right_child: [-2],
    leaf_value: [-1, 1],
    extra: { leaf_count: '30 10', ...extra },
  });

  it('lays out splits then leaves, with internal_count and leaf_count as the cover', async () => {
    const model = await load(encode(modelText({ trees: [stump({ internal_count: '40' }, 2)] })));
    const tree = model.treeModel()!.trees[0]!;
    expect(Array.from(tree.feature)).toEqual([0, -1, -1]);
    expect(Array.from(tree.cover)).toEqual([40, 30, 10]);
    expect(Array.from(tree.value)).toEqual([0, -1, 1]);
    expect(tree.threshold[0]).toBe(0.5);
  });

  it('follows LightGBM: value <= threshold goes left, NaN by default_left, zero as missing under missing type Zero', async () => {
    // decision_type 2|8: default left, missing NaN; 4: missing Zero, default right.
    const nanLeft = (await load(encode(modelText({ trees: [stump({ internal_count: '40' }, 2 | 8)] })))).treeModel()!;
    expect([0.5, 0.5000001, Number.NaN].map((v) => nanLeft.childFor(0, 0, v))).toEqual([1, 2, 1]);
    const zeroRight = (await load(encode(modelText({ trees: [stump({ internal_count: '40' }, 4)] })))).treeModel()!;
    // NaN reads as 0, and 0 (or anything within 1e-35 of it) is missing: default right although 0 <= 0.5.
    expect([0, 1e-36, Number.NaN, 0.2].map((v) => zeroRight.childFor(0, 0, v))).toEqual([2, 2, 2, 1]);
  });

  it('sends categories in the bitset left and NaN, negative and unknown categories right', async () => {
    const categorical = { ...stump({ internal_count: '40' }, 1, 0), cat_boundaries: [0, 1], cat_threshold: [0b10010] };
    const tree = (await load(encode(modelText({ trees: [categorical] })))).treeModel()!;
    expect([1, 4, 4.9, 0, 2, -1, Number.NaN, 100].map((v) => tree.childFor(0, 0, v))).toEqual([1, 1, 1, 2, 2, 2, 2, 2]);
    expect(tree.trees[0]!.threshold[0]).toBeNaN();
  });

  it('divides a random forest’s leaves by its iterations, so contributions add up to the averaged score', async () => {
    const trees = [stump({ internal_count: '40' }, 2), stump({ internal_count: '40' }, 2)];
    const forest = (await load(encode(modelText({ trees, averageOutput: true })))).treeModel()!;
    expect(Array.from(forest.trees[1]!.value)).toEqual([0, -0.5, 0.5]);
  });

  it('is undefined for linear-leaf trees and for a file without internal_count', async () => {
    expect((await load(encode(modelText({ trees: [stump({}, 2)] })))).treeModel()).toBeUndefined();
    const linear = readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/lightgbm/linear_tree.txt'));
    expect((await load(new Uint8Array(linear))).treeModel()).toBeUndefined();
  });
});
