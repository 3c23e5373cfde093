import { describe, expect, it } from 'vitest';
import { readAlike, requestValueKind } from './request-value-kind.ts';
import type { FeatureSpec } from './signature.ts';

const f = (type: FeatureSpec['type'], categories?: string[]): FeatureSpec => ({ name: 'x', type, ...(categories ? { categories } : {}) });

describe('requestValueKind and readAlike', () => {
  it('reads numbers, integers and code-only categories as numbers, strings as text, named categories as either', () => {
    expect([f('number'), f('integer'), f('category'), f('category', []), f('string'), f('category', ['a'])].map(requestValueKind)).toEqual([
      'number',
      'number',
      'number',
      'number',
      'text',
      'name or code',
    ]);
  });

  it('pairs a named category with text or numbers, and never text with numbers', () => {
    expect(readAlike(f('category', ['salaried']), f('string'))).toBe(true);
    expect(readAlike(f('category', ['salaried']), f('integer'))).toBe(true);
    expect(readAlike(f('number'), f('integer'))).toBe(true);
    expect(readAlike(f('category'), f('string'))).toBe(false);
    expect(readAlike(f('number'), f('string'))).toBe(false);
  });
});
