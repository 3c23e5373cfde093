import { describe, expect, it } from 'vitest';
import { toPredictionRecords } from './prediction-records.ts';

describe('toPredictionRecords', () => {
  it('gives each classifier row its label and probabilities in class order', () => {
    const records = toPredictionRecords({
      kind: 'multiclass',
      classes: ['low', 'mid', 'high'],
      probabilities: new Float64Array([0.2, 0.5, 0.3, 0.7, 0.1, 0.2]),
      labelIndex: new Int32Array([1, 0]),
    });
    expect(records).toEqual([
      { label: 'mid', probabilities: [0.2, 0.5, 0.3] },
      { label: 'low', probabilities: [0.7, 0.1, 0.2] },
    ]);
  });
  it('gives regression rows their value', () => {
    expect(toPredictionRecords({ kind: 'regression', values: new Float64Array([1.5, -2]) })).toEqual([{ value: 1.5 }, { value: -2 }]);
  });
});
