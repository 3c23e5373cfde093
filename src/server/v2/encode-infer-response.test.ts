import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { PredictionOutput } from '../../runtime/model-runtime.ts';
import { encodeInferResponse } from './encode-infer-response.ts';

const binary: PredictionOutput = {
  kind: 'binary',
  classes: [0, 1],
  probabilities: Float64Array.from([0.9, 0.1, 0.25, 0.75]),
  labelIndex: Int32Array.from([0, 1]),
};

describe('encodeInferResponse', () => {
  it('answers label and probabilities for a classifier, with ids and the request id', () => {
    const response = encodeInferResponse(binary, {
      modelName: 'credit',
      modelVersion: '3',
      id: 'r-1',
      predictionIds: ['01A', '01B'],
      parameters: { registered_model: 'credit-xgb' },
    });
    expect(response).toEqual({
      model_name: 'credit',
      model_version: '3',
      id: 'r-1',
      parameters: { registered_model: 'credit-xgb', prediction_ids: '01A,01B' },
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [2], data: [0, 1] },
        { name: 'probabilities', datatype: 'FP64', shape: [2, 2], data: [0.9, 0.1, 0.25, 0.75] },
      ],
    });
  });
  it('leaves out what it was not given', () => {
    expect(encodeInferResponse(binary, { modelName: 'credit' })).toEqual({ model_name: 'credit', outputs: expect.any(Array) });
  });
  it('sends text labels as BYTES and fractional numeric labels as FP64', () => {
    const multiclass: PredictionOutput = {
      kind: 'multiclass',
      classes: ['low', 'mid', 'high'],
      probabilities: Float64Array.from([0.2, 0.3, 0.5]),
      labelIndex: Int32Array.from([2]),
    };
    const [label, probabilities] = encodeInferResponse(multiclass, { modelName: 'm' }).outputs;
    expect(label).toEqual({ name: 'label', datatype: 'BYTES', shape: [1], data: ['high'] });
    expect(probabilities?.shape).toEqual([1, 3]);
    const halves: PredictionOutput = {
      kind: 'binary',
      classes: [0.5, 1.5],
      probabilities: Float64Array.from([0.4, 0.6]),
      labelIndex: Int32Array.from([1]),
    };
    expect(encodeInferResponse(halves, { modelName: 'm' }).outputs[0]).toEqual({
      name: 'label',
      datatype: 'FP64',
      shape: [1],
      data: [1.5],
    });
  });
  it('answers value for a regressor', () => {
    const regression: PredictionOutput = { kind: 'regression', values: Float64Array.from([1.5, -2]) };
    expect(encodeInferResponse(regression, { modelName: 'price' }).outputs).toEqual([
      { name: 'value', datatype: 'FP64', shape: [2], data: [1.5, -2] },
    ]);
  });
  it('answers only the requested outputs, in the order asked', () => {
    expect(encodeInferResponse(binary, { modelName: 'credit', requestedOutputs: ['probabilities'] }).outputs.map((o) => o.name)).toEqual([
      'probabilities',
    ]);
    expect(
      encodeInferResponse(binary, { modelName: 'credit', requestedOutputs: ['probabilities', 'label'] }).outputs.map((o) => o.name),
    ).toEqual(['probabilities', 'label']);
  });
  it('refuses an output the model does not have', () => {
    try {
      encodeInferResponse(binary, { modelName: 'credit', requestedOutputs: ['label', 'value'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BallastError);
      expect((error as BallastError).code).toBe('invalid_request');
      expect((error as BallastError).issues).toEqual([
        {
          code: 'invalid_value',
          path: ['outputs', 1, 'name'],
          message: '"value" is not an output of this model (it has "label", "probabilities")',
        },
      ]);
    }
  });
});
