import { describe, expect, it } from 'vitest';
import { BallastError } from '../core/errors.ts';
import type { FeatureSpec } from '../core/signature.ts';
import type { TableChunk } from '../core/table.ts';
import { buildFeatureBatch } from './build-feature-batch.ts';

const inputs: FeatureSpec[] = [
  { name: 'income', type: 'number' },
  { name: 'term', type: 'integer' },
  { name: 'purpose', type: 'category', categories: ['car', 'home'] },
  { name: 'city', type: 'string' },
];

function chunk(columns: string[], rows: (string | number | null)[][]): TableChunk {
  return { columns, rows: rows.map((cells, i) => ({ row: i + 1, cells })) };
}

describe('buildFeatureBatch', () => {
  it('matches columns by name, maps category names to codes and reads missing values', () => {
    const batch = buildFeatureBatch(
      inputs,
      chunk(
        ['city', 'extra', 'purpose', 'term', 'income'],
        [
          ['Paris', 'x', 'home', '36', '1200.5'],
          ['', 'y', '0', '', ''],
          [null, 'z', 'boat', 12, 3],
        ],
      ),
      'in.csv',
    );
    expect(batch.rowCount).toBe(3);
    expect(Array.from(batch.columns[0] as Float64Array)).toEqual([1200.5, Number.NaN, 3]);
    expect(Array.from(batch.columns[1] as Float64Array)).toEqual([36, Number.NaN, 12]);
    expect(Array.from(batch.columns[2] as Float64Array)).toEqual([1, 0, Number.NaN]);
    expect(batch.columns[3]).toEqual(['Paris', null, null]);
  });
  it('names every missing column', () => {
    expect(() => buildFeatureBatch(inputs, chunk(['income', 'city'], []), 'in.csv')).toThrow(
      'in.csv: missing columns "term", "purpose" that the model needs',
    );
  });
  it('names the row and column of a value that is not a number, and counts the rest', () => {
    try {
      buildFeatureBatch(
        inputs,
        chunk(
          ['income', 'term', 'purpose', 'city'],
          [
            ['1', '2', 'car', 'a'],
            ['abc', '2.5', 'car', 'b'],
            ['x', '1', 'car', 'c'],
          ],
        ),
        'in.csv',
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BallastError);
      const e = error as BallastError;
      expect(e.code).toBe('invalid_value');
      expect(e.message).toBe('in.csv: [2].income: "abc" is not a number (and 2 more problems)');
      expect(e.issues.map((i) => i.code)).toEqual(['invalid_type', 'invalid_type', 'invalid_value']);
      expect(e.issues.map((i) => i.path)).toEqual([
        [2, 'income'],
        [3, 'income'],
        [2, 'term'],
      ]);
    }
  });
});
