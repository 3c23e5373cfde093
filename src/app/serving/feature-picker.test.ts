import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../core/signature.ts';
import { compileFeaturePicker } from './feature-picker.ts';

const signature = (...names: string[]) => ({ inputs: names.map((name) => ({ name, type: 'number' })), output: { kind: 'regression' } }) as unknown as ModelSignature;

describe('compileFeaturePicker', () => {
  it('keeps the features in signature order, drops other fields and turns an absent feature into null', () => {
    const pick = compileFeaturePicker(signature('b', 'a', 'c'));
    const picked = pick({ a: 1, extra: 'dropped', b: 'x' });
    expect(JSON.stringify(picked)).toBe('{"b":"x","a":1,"c":null}');
  });

  it('reads only own fields: a feature named like an Object.prototype member is null when absent', () => {
    const pick = compileFeaturePicker(signature('constructor', 'toString'));
    expect(JSON.stringify(pick({ toString: 3 }))).toBe('{"constructor":null,"toString":3}');
  });

  it('keeps a feature named __proto__ as an ordinary field, never as a prototype', () => {
    const pick = compileFeaturePicker(signature('__proto__', 'age'));
    const instance = JSON.parse('{"__proto__": {"polluted": true}, "age": 4}') as Record<string, unknown>;
    const picked = pick(instance);
    expect(Object.getPrototypeOf(picked)).toBeNull();
    expect((picked as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(picked)).toBe('{"__proto__":{"polluted":true},"age":4}');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('does not let an instance field named __proto__ reach a model without such a feature', () => {
    const pick = compileFeaturePicker(signature('age'));
    const picked = pick(JSON.parse('{"__proto__": {"polluted": true}, "age": 4}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
    expect(JSON.stringify(picked)).toBe('{"age":4}');
  });
});
