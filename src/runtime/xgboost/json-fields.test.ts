import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import {
  flagArrayField,
  integerArrayField,
  integerStringField,
  numberArrayField,
  objectField,
  stringArrayField,
  stringField,
} from './json-fields.ts';

describe('json field readers', () => {
  const parent = { text: '12', bad: '1.5', list: [1, 2.5], ints: [0, 3], flags: [0, true, 1], obj: {}, names: ['a'] };

  it('read well-formed fields', () => {
    expect(integerStringField(parent, 'text', 'p', 0)).toBe(12);
    expect(numberArrayField(parent, 'list', 'p', 2)).toEqual([1, 2.5]);
    expect(integerArrayField(parent, 'ints', 'p', { min: 0, max: 3 })).toEqual([0, 3]);
    expect(Array.from(flagArrayField(parent, 'flags', 'p', 3))).toEqual([0, 1, 1]);
    expect(objectField(parent, 'obj', 'p')).toEqual({});
    expect(stringField(parent, 'text', 'p')).toBe('12');
    expect(stringArrayField(parent, 'names', 'p')).toEqual(['a']);
  });

  it('name the field and what was found when a field is wrong', () => {
    expect(() => integerStringField(parent, 'bad', 'p', 0)).toThrow(
      'XGBoost model: p.bad must be a whole number from 0 to 2147483647 (found "1.5")',
    );
    expect(() => integerStringField(parent, 'text', 'p', 20)).toThrow(ModelLoadError);
    expect(() => numberArrayField({ list: [1, null] }, 'list', 'p')).toThrow('p.list[1] must be a finite number (found null)');
    expect(() => integerArrayField(parent, 'list', 'p', { min: 0, max: 9 })).toThrow(
      'p.list[1] must be a whole number from 0 to 9 (found 2.5)',
    );
    expect(() => flagArrayField({ flags: [2] }, 'flags', 'p', 1)).toThrow('p.flags[0] must be 0 or 1 (found 2)');
    expect(() => objectField(parent, 'list', 'p')).toThrow('p.list must be an object (found an array of 2)');
    expect(() => stringField(parent, 'missing', 'p')).toThrow('p.missing must be a string (found nothing)');
    expect(() => numberArrayField(parent, 'text', 'p')).toThrow('p.text must be an array (found "12")');
  });
});
