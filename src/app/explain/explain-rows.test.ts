import { describe, expect, it } from 'vitest';
import type { BatchExplanation, ExplainBatch, ModelExplainer } from '../../core/explain/explanation.ts';
import type { FeatureBatch, LoadedModel, PredictionOutput } from '../../runtime/model-runtime.ts';
import type { ModelSignature } from '../../core/signature.ts';
import { explainRows } from './explain-rows.ts';

/** A model whose answers are fixed per row, and an explanation made by hand (base + Σ = output). */
function subject(signature: ModelSignature, prediction: PredictionOutput, explanation: Omit<BatchExplanation, 'method' | 'space'>) {
  const model: LoadedModel = {
    format: 'xgboost',
    signature,
    predict: async () => prediction,
    close: async () => undefined,
  };
  const explainer: ModelExplainer = {
    method: 'kernel_shap',
    space: 'probability',
    explain: async (_batch: ExplainBatch) => ({ ...explanation, method: 'kernel_shap', space: 'probability' }),
  };
  return {
    model,
    chosen: { explainer, fallback: 'xgboost models are explained with kernel_shap' },
    wording: { features: signature.inputs, target: 'default' },
  };
}

const batch: FeatureBatch = { rowCount: 1, columns: [new Float64Array([0.79]), new Float64Array([1])] };

describe('explainRows', () => {
  it('answers a binary row with one base value, named contributions, the prediction as predict answers it and reasons', async () => {
    const signature: ModelSignature = {
      inputs: [
        { name: 'debt_to_income', type: 'number' },
        { name: 'employment_type', type: 'category', categories: ['salaried', 'retired'] },
      ],
      output: { kind: 'binary', classes: [0, 1] },
    };
    const [row] = await explainRows(
      subject(
        signature,
        { kind: 'binary', classes: [0, 1], probabilities: new Float64Array([0.3, 0.7]), labelIndex: new Int32Array([1]) },
        {
          rowCount: 1,
          featureCount: 2,
          outputCount: 1,
          baseValues: new Float64Array([0.2]),
          contributions: new Float64Array([0.6, -0.1]),
          outputs: new Float64Array([0.7]),
        },
      ),
      batch,
      [[0.79, 1]],
      3,
    );
    expect(row).toEqual({
      base_value: 0.2,
      contributions: { debt_to_income: 0.6, employment_type: -0.1 },
      output: 0.7,
      prediction: { label: 1, probabilities: [0.3, 0.7] },
      reasons: [
        'a debt to income of 0.79 raised the chance of default most',
        'an employment type of retired lowered the chance of default',
      ],
      method: 'kernel_shap',
      space: 'probability',
    });
  });

  it('answers a multiclass row per class and gives the reasons of the predicted class', async () => {
    const signature: ModelSignature = {
      inputs: [
        { name: 'petal_length', type: 'number' },
        { name: 'petal_width', type: 'number' },
      ],
      output: { kind: 'multiclass', classes: ['setosa', 'versicolor', 'virginica'] },
    };
    const [row] = await explainRows(
      subject(
        signature,
        {
          kind: 'multiclass',
          classes: ['setosa', 'versicolor', 'virginica'],
          probabilities: new Float64Array([0.1, 0.2, 0.7]),
          labelIndex: new Int32Array([2]),
        },
        {
          rowCount: 1,
          featureCount: 2,
          outputCount: 3,
          baseValues: new Float64Array([0.3, 0.3, 0.4]),
          // setosa: petal_length lowers most; virginica: petal_width raises most.
          contributions: new Float64Array([-0.15, -0.05, -0.05, -0.05, 0.1, 0.2]),
          outputs: new Float64Array([0.1, 0.2, 0.7]),
        },
      ),
      batch,
      [[5.1, 1.8]],
      1,
    );
    expect(row!.base_value).toEqual([0.3, 0.3, 0.4]);
    expect(row!.contributions).toEqual([
      { petal_length: -0.15, petal_width: -0.05 },
      { petal_length: -0.05, petal_width: -0.05 },
      { petal_length: 0.1, petal_width: 0.2 },
    ]);
    expect(row!.output).toEqual([0.1, 0.2, 0.7]);
    expect(row!.prediction).toEqual({ label: 'virginica', probabilities: [0.1, 0.2, 0.7] });
    expect(row!.reasons).toEqual(['a petal width of 1.8 raised the chance of virginica most']);
  });

  it('says a regressor’s predicted value', async () => {
    const signature: ModelSignature = {
      inputs: [
        { name: 'rooms', type: 'integer' },
        { name: 'area', type: 'number' },
      ],
      output: { kind: 'regression' },
    };
    const s = subject(
      signature,
      { kind: 'regression', values: new Float64Array([310]) },
      {
        rowCount: 1,
        featureCount: 2,
        outputCount: 1,
        baseValues: new Float64Array([250]),
        contributions: new Float64Array([20, 40]),
        outputs: new Float64Array([310]),
      },
    );
    const [row] = await explainRows({ ...s, wording: { features: signature.inputs } }, batch, [[3, 80]], 3);
    expect(row!.prediction).toEqual({ value: 310 });
    expect(row!.reasons).toEqual(['an area of 80 raised the predicted value most', 'a rooms of 3 raised the predicted value']);
  });
});
