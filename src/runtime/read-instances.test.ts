import { describe, expect, it } from 'vitest';
import type { BallastError } from '../core/errors.ts';
import type { FeatureSpec } from '../core/signature.ts';
import { compileInstanceReader } from './read-instances.ts';

const inputs: FeatureSpec[] = [
  { name: 'income', type: 'number' },
  { name: 'term', type: 'integer' },
  { name: 'purpose', type: 'category', categories: ['car', 'home'] },
  { name: 'city', type: 'string' },
];
const read = compileInstanceReader(inputs);

describe('compileInstanceReader', () => {
  it('reads typed JSON values, null as missing, category names as codes', () => {
    const batch = read([
      { income: 1200.5, term: 36, purpose: 'home', city: 'Paris', extra: 'ignored' },
      { income: null, term: null, purpose: 0, city: null },
      { income: 3, term: 12, purpose: 'boat', city: 'Oslo' },
    ]);
    expect(batch.rowCount).toBe(3);
    expect(Array.from(batch.columns[0] as Float64Array)).toEqual([1200.5, Number.NaN, 3]);
    expect(Array.from(batch.columns[1] as Float64Array)).toEqual([36, Number.NaN, 12]);
    expect(Array.from(batch.columns[2] as Float64Array)).toEqual([1, 0, Number.NaN]);
    expect(batch.columns[3]).toEqual(['Paris', null, 'Oslo']);
  });
  it('lists every problem with its path: absent features, wrong types, non-objects', () => {
    try {
      read([{ income: '12', term: 1.5, purpose: true, city: 3 }, { term: 1, purpose: 'car', city: 'x' }, 'row']);
      expect.unreachable();
    } catch (error) {
      const e = error as BallastError;
      expect(e.code).toBe('invalid_value');
      expect(e.issues.map((i) => i.path)).toEqual([
        ['instances', 0, 'income'],
        ['instances', 0, 'term'],
        ['instances', 0, 'purpose'],
        ['instances', 0, 'city'],
        ['instances', 1, 'income'],
        ['instances', 2],
      ]);
      expect(e.message).toBe('invalid instances: instances[0].income: must be a finite number or null, got "12" (and 5 more problems)');
      expect(e.issues.map((i) => i.code)).toEqual([
        'invalid_type',
        'invalid_value',
        'invalid_value',
        'invalid_type',
        'missing',
        'invalid_type',
      ]);
      expect(e.issues[4]!.message).toBe('is missing (send null for a missing value)');
    }
  });
  it('does not read inherited properties as features', () => {
    const proto = { income: 1, term: 1, purpose: 0, city: 'x' };
    expect(() => read([Object.create(proto)])).toThrow(/is missing/);
  });
});
