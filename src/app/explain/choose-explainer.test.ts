import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { onnxRuntime } from '../../runtime/onnx/onnx-runtime.ts';
import { xgboostRuntime } from '../../runtime/xgboost/xgboost-runtime.ts';
import { sampleDataFile } from './background-sample.ts';
import { chooseExplainer } from './choose-explainer.ts';

const TRAIN = 'examples/credit/train.csv';

describe('chooseExplainer', async () => {
  const model = await xgboostRuntime.load(await readFile('examples/credit/model.xgb.json'));

  it('explains the credit model so every row adds up to the probability it serves', async () => {
    const background = await sampleDataFile(TRAIN, model.signature.inputs, 8, 1);
    const rows = await sampleDataFile(TRAIN, model.signature.inputs, 3, 2);
    const { explainer } = chooseExplainer(model, { method: 'exact_shapley', background: background.batch });
    const result = await explainer.explain(rows.batch);
    const served = await model.predict(rows.batch);
    for (let row = 0; row < 3; row++) {
      let sum = result.baseValues[0]!;
      for (let f = 0; f < result.featureCount; f++) sum += result.contributions[row * result.featureCount + f]!;
      expect(sum).toBeCloseTo(result.outputs[row]!, 9);
      expect(result.outputs[row]).toBeCloseTo(served.kind === 'binary' ? served.probabilities[2 * row + 1]! : Number.NaN, 9);
    }
  });

  it('explains a tree model with exact TreeSHAP by default: margins that add up to the log-odds it serves', async () => {
    const rows = await sampleDataFile(TRAIN, model.signature.inputs, 5, 2);
    const { explainer, fallback } = chooseExplainer(model);
    expect([explainer.method, explainer.space, fallback]).toEqual(['tree_shap', 'margin', null]);
    const result = await explainer.explain(rows.batch);
    const served = await model.predict(rows.batch);
    for (let row = 0; row < 5; row++) {
      const probability = served.kind === 'binary' ? served.probabilities[2 * row + 1]! : Number.NaN;
      expect(result.outputs[row]).toBeCloseTo(Math.log(probability / (1 - probability)), 4);
    }
  });

  it('gives a tree model exact_shapley when asked, and says why a model without readable trees falls back', async () => {
    const background = await sampleDataFile(TRAIN, model.signature.inputs, 8, 1);
    expect(chooseExplainer(model, { method: 'exact_shapley', background: background.batch }).explainer.method).toBe('exact_shapley');
    const linear = { ...model, format: 'lightgbm' as const, treeModel: () => undefined };
    const chosen = chooseExplainer(linear, { background: background.batch });
    expect(chosen.explainer.method).not.toBe('tree_shap');
    expect(chosen.fallback).toMatch(new RegExp(`explained with ${chosen.explainer.method} .*instead of TreeSHAP: .*linear leaves`));
    expect(() => chooseExplainer(linear, { method: 'tree_shap' })).toThrow(/tree_shap is not available: .*linear_tree/);
    expect(() => chooseExplainer(linear, { method: 'tree_shap' })).toThrow(expect.objectContaining({ code: 'explain_unavailable' }));
  });

  it('says what a model-agnostic method lacks when there is no background sample', () => {
    expect(() => chooseExplainer(model, { method: 'exact_shapley' })).toThrow(/needs a background sample/);
  });

  it('explains a model without readable trees with kernel_shap by default, equal to exact_shapley when every coalition is scored', async () => {
    const onnx = await onnxRuntime.load(await readFile('examples/credit/model.onnx'));
    try {
      const background = await sampleDataFile(TRAIN, onnx.signature.inputs, 6, 3);
      const rows = await sampleDataFile(TRAIN, onnx.signature.inputs, 1, 4);
      const features = onnx.signature.inputs.length;
      const kernel = chooseExplainer(onnx, { background: background.batch, samples: 2 ** features - 2, seed: 5 });
      expect(kernel.explainer.method).toBe('kernel_shap');
      expect(kernel.fallback).toMatch(/^onnx model explained with kernel_shap against a background sample instead of TreeSHAP: /);
      const exact = chooseExplainer(onnx, { method: 'exact_shapley', background: background.batch });
      const [k, e] = await Promise.all([kernel.explainer.explain(rows.batch), exact.explainer.explain(rows.batch)]);
      expect(k.baseValues[0]).toBeCloseTo(e.baseValues[0]!, 12);
      for (let f = 0; f < features; f++) expect(Math.abs(k.contributions[f]! - e.contributions[f]!)).toBeLessThan(1e-9);
      expect(() => chooseExplainer(onnx, { method: 'kernel_shap' })).toThrow(/kernel_shap needs a background sample/);
      expect(() => chooseExplainer(onnx, { method: 'kernel_shap' })).toThrow(expect.objectContaining({ code: 'explain_unavailable' }));
    } finally {
      await onnx.close();
    }
  });
});
