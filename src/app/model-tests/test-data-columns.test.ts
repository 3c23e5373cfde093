import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../core/signature.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import { dataColumnsOf, featureBatchOf } from './test-data-columns.ts';

const inputs: FeatureSpec[] = [
  { name: 'age', type: 'integer' },
  { name: 'purpose', type: 'category', categories: ['car', 'home'] },
  { name: 'note', type: 'string' },
];
const table = {
  columns: ['age', 'purpose', 'note', 'zip', 'region'],
  rows: [
    { row: 1, cells: ['30', 'car', 'ok', '01234', 'north'] },
    { row: 2, cells: ['', 'home', '', '99', 'NA'] },
    { row: 3, cells: ['41', 'boat', '7', '5', 'south'] },
  ],
};

describe('test data columns', () => {
  it('reads numbers where the signature or every value says so, text elsewhere, missing as NaN or null', () => {
    const columns = dataColumnsOf(table, inputs);
    expect(Array.from(columns.get('age') as Float64Array)).toEqual([30, Number.NaN, 41]);
    expect(columns.get('purpose')).toEqual(['car', 'home', 'boat']);
    expect(columns.get('note')).toEqual(['ok', null, '7']);
    expect(Array.from(columns.get('zip') as Float64Array)).toEqual([1234, 99, 5]);
    expect(columns.get('region')).toEqual(['north', null, 'south']);
  });

  it('builds the batch a runtime scores exactly as buildFeatureBatch builds it from the file', () => {
    const columns = dataColumnsOf(table, inputs);
    expect(featureBatchOf(inputs, columns, 3)).toEqual(buildFeatureBatch(inputs, table, 'test'));
    // A perturbed copy: a number in a string feature becomes its text, an unseen category reads as missing.
    const perturbed = new Map(columns).set('note', Float64Array.from([1.5, Number.NaN, 2])).set('purpose', ['home', null, 'ship']);
    const batch = featureBatchOf(inputs, perturbed, 3);
    expect(batch.columns[2]).toEqual(['1.5', null, '2']);
    expect(Array.from(batch.columns[1] as Float64Array)).toEqual([1, Number.NaN, Number.NaN]);
  });
});
