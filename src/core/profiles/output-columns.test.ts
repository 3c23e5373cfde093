import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../signature.ts';
import { DatasetProfile } from './dataset-profile.ts';
import { outputColumnNames, outputColumnSchemas, outputSlot, outputValue, probabilityColumn } from './output-columns.ts';

const binary: ModelSignature = { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'binary', classes: [0, 1] } };
const multiclass: ModelSignature = { inputs: [], output: { kind: 'multiclass', classes: ['low', 'mid', 'high'] } };
const regression: ModelSignature = { inputs: [], output: { kind: 'regression' } };

describe('output columns', () => {
  it('names a label and one probability per class for classifiers, a value for regressors', () => {
    expect(outputColumnNames(binary.output)).toEqual(['prediction.label', 'prediction.probability.0', 'prediction.probability.1']);
    expect(outputColumnSchemas(multiclass.output)).toEqual([
      { name: 'prediction.label', kind: 'categorical' },
      { name: 'prediction.probability.low', kind: 'numeric' },
      { name: 'prediction.probability.mid', kind: 'numeric' },
      { name: 'prediction.probability.high', kind: 'numeric' },
    ]);
    expect(outputColumnSchemas(regression.output)).toEqual([{ name: 'prediction.value', kind: 'numeric' }]);
  });

  it('reads each column from a prediction record, null when the record lacks it', () => {
    const record = { label: 'mid', probabilities: [0.2, 0.7, 0.1] };
    const values = outputColumnNames(multiclass.output).map((name) => outputValue(outputSlot(name, multiclass)!, record));
    expect(values).toEqual(['mid', 0.2, 0.7, 0.1]);
    expect(outputValue(outputSlot('prediction.value', regression)!, { value: 3.5 })).toBe(3.5);
    expect(outputValue(outputSlot(probabilityColumn('high'), multiclass)!, { label: 'x' })).toBeNull();
    expect(outputValue(outputSlot('prediction.label', binary)!, { value: 1 })).toBeNull();
  });

  it('finds no slot for features, unknown classes or the other kind of output', () => {
    expect(outputSlot('x', binary)).toBeUndefined();
    expect(outputSlot('prediction.probability.2', binary)).toBeUndefined();
    expect(outputSlot('prediction.value', binary)).toBeUndefined();
    expect(outputSlot('prediction.label', regression)).toBeUndefined();
  });

  it('profiles outputs like any column: probabilities numeric, labels as categories', () => {
    const profile = new DatasetProfile({ columns: outputColumnSchemas(binary.output) });
    profile.addRecord({ 'prediction.label': 1, 'prediction.probability.0': 0.25, 'prediction.probability.1': 0.75 }, 0.5);
    profile.addRecord({ 'prediction.label': 0, 'prediction.probability.0': 0.9, 'prediction.probability.1': 0.1 }, 0.25);
    const label = profile.column('prediction.label');
    expect(label?.kind === 'categorical' && Object.fromEntries(label.counts().counts)).toEqual({ 0: 1, 1: 1 });
    const p1 = profile.column('prediction.probability.1');
    expect(p1?.kind === 'numeric' && p1.moments.mean).toBeCloseTo(0.425, 12);
  });
});
