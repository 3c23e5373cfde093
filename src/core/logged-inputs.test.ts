import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inputsFromStored, inputValues } from './logged-inputs.ts';

describe('logged inputs', () => {
  it('stores the values in feature order, null for an absent feature, and ignores fields that are not features', () => {
    expect(inputValues(['b', 'a', 'c'], { a: 1, b: 'x', extra: true })).toEqual(['x', 1, null]);
  });

  it('keeps the order of the features even when their names are array indexes (an object would list those first)', () => {
    const features = ['z', '1', '0'];
    const stored = inputValues(features, { z: 'last-letter', 0: 'zero', 1: 'one' });
    expect(stored).toEqual(['last-letter', 'one', 'zero']);
    expect(inputsFromStored(features, JSON.parse(JSON.stringify(stored)))).toEqual({ z: 'last-letter', 1: 'one', 0: 'zero' });
  });

  it('reads only own fields: a feature named like an Object.prototype member is null when absent', () => {
    expect(inputValues(['constructor', 'toString'], { toString: 3 })).toEqual([null, 3]);
  });

  it('keeps an instance field named __proto__ only when it is a feature, as a value', () => {
    const instance = JSON.parse('{"__proto__": {"polluted": true}, "age": 4}') as Record<string, unknown>;
    expect(JSON.stringify(inputValues(['__proto__', 'age'], instance))).toBe('[{"polluted":true},4]');
    expect(JSON.stringify(inputValues(['age'], instance))).toBe('[4]');
  });

  it('reads an object (rows written before the array form) as it is', () => {
    expect(inputsFromStored(['a'], { a: 1, old: 2 })).toEqual({ a: 1, old: 2 });
  });

  it('refuses an array whose length is not the number of features, and a stored value that is neither array nor object', () => {
    expect(() => inputsFromStored(['a', 'b'], [1])).toThrow(/1 values but the model version names 2 features/);
    expect(() => inputsFromStored(['a'], [1, 2])).toThrow(/2 values/);
    expect(() => inputsFromStored(['a'], 'a')).toThrow(/neither an array nor an object/);
    expect(() => inputsFromStored(['a'], null)).toThrow(/neither an array nor an object/);
  });

  it('a feature named __proto__ comes back as an own field, not as the prototype', () => {
    const inputs = inputsFromStored(['__proto__', 'a'], [{ polluted: true }, 1]);
    expect(Object.getPrototypeOf(inputs)).toBeNull();
    expect(Object.keys(inputs)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips through JSON for any features and values', () => {
    const value = fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean());
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 12 }),
        fc.array(value, { minLength: 12, maxLength: 12 }),
        (features, values) => {
          const inputs: Record<string, unknown> = Object.create(null);
          features.forEach((name, i) => (inputs[name] = values[i]));
          const back = inputsFromStored(features, JSON.parse(JSON.stringify(inputValues(features, inputs))));
          // By name: an object lists array-index names first, whatever order they were set in.
          expect(Object.keys(back).sort()).toEqual([...features].sort());
          expect(features.map((name) => back[name])).toEqual(values.slice(0, features.length).map((v) => JSON.parse(JSON.stringify(v))));
        },
      ),
    );
  });
});
