import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../core/signature.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { modelMetadata, serverMetadata } from './model-metadata.ts';

const examples = new URL('../../../examples/credit/', import.meta.url);

describe('modelMetadata', () => {
  it('describes the credit XGBoost deployment as the checked-in fixture says (which the Python clients use)', async () => {
    const model = await RUNTIMES.xgboost.load(readFileSync(new URL('model.xgb.json', examples)));
    const metadata = modelMetadata({ name: 'credit', versions: [1], format: 'xgboost', signature: model.signature });
    const fixture: unknown = JSON.parse(readFileSync(new URL('fixtures/credit-xgb-metadata.json', import.meta.url), 'utf8'));
    expect(metadata).toEqual(fixture);
    expect(metadata.inputs.slice(0, 3)).toEqual([
      { name: 'age', datatype: 'INT64', shape: [-1] },
      { name: 'income', datatype: 'FP64', shape: [-1] },
      { name: 'employment_type', datatype: 'BYTES', shape: [-1] },
    ]);
    expect(metadata.outputs).toEqual([
      { name: 'label', datatype: 'INT64', shape: [-1] },
      { name: 'probabilities', datatype: 'FP64', shape: [-1, 2] },
    ]);
    expect(JSON.parse(metadata.parameters!.category_codes!)).toEqual({
      employment_type: ['contract', 'retired', 'salaried', 'self_employed', 'unemployed'],
      home_ownership: ['mortgage', 'own', 'rent'],
      purpose: ['business', 'car', 'debt_consolidation', 'education', 'home_improvement', 'medical'],
    });
    expect(metadata.parameters!.input_forms).toMatch(/shape \[rows, 13\]/);
  });
  it('lists text features as BYTES, leaves out category codes when there are none, and describes regressors', () => {
    const signature: ModelSignature = {
      inputs: [
        { name: 'x', type: 'number' },
        { name: 'city', type: 'string' },
        { name: 'bucket', type: 'category' },
      ],
      output: { kind: 'regression' },
    };
    const metadata = modelMetadata({ name: 'price', versions: ['4', 5], format: 'onnx', signature });
    expect(metadata).toMatchObject({
      name: 'price',
      versions: ['4', '5'],
      platform: 'ballast_onnx',
      inputs: [
        { name: 'x', datatype: 'FP64', shape: [-1] },
        { name: 'city', datatype: 'BYTES', shape: [-1] },
        { name: 'bucket', datatype: 'INT64', shape: [-1] },
      ],
      outputs: [{ name: 'value', datatype: 'FP64', shape: [-1] }],
    });
    expect(Object.keys(metadata.parameters!)).toEqual(['input_forms']);
    for (const value of Object.values(metadata.parameters!)) expect(typeof value).toBe('string');
  });
});

describe('serverMetadata', () => {
  it('names the server and claims no extension it does not fully implement', () => {
    expect(serverMetadata('0.1.0')).toEqual({ name: 'ballast', version: '0.1.0', extensions: [] });
  });
});
