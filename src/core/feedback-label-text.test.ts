import { describe, expect, it } from 'vitest';
import { labelFromText } from './feedback-label-text.ts';

describe('labelFromText', () => {
  it('reads a numeric class from its text, "1.0" as well as "1"', () => {
    const output = { kind: 'binary', classes: [0, 1] } as const;
    expect(labelFromText('1', output)).toBe(1);
    expect(labelFromText('1.0', output)).toBe(1);
    expect(labelFromText(' 0 ', output)).toBe(0);
  });
  it('keeps a string class as text, and prefers the exact text where a model has both', () => {
    expect(labelFromText('high', { kind: 'multiclass', classes: ['low', 'high'] })).toBe('high');
    expect(labelFromText('01', { kind: 'multiclass', classes: ['01', 1] })).toBe('01');
    expect(labelFromText('1', { kind: 'multiclass', classes: ['01', 1] })).toBe(1);
  });
  it('leaves text that is no class as text, for the label check to refuse', () => {
    expect(labelFromText('2', { kind: 'binary', classes: [0, 1] })).toBe('2');
    expect(labelFromText('yes', { kind: 'binary', classes: [0, 1] })).toBe('yes');
  });
  it("reads a regressor's label as its number, and leaves a word as text", () => {
    expect(labelFromText('12.5', { kind: 'regression' })).toBe(12.5);
    expect(labelFromText('-3e2', { kind: 'regression' })).toBe(-300);
    expect(labelFromText('cheap', { kind: 'regression' })).toBe('cheap');
  });
  it('takes a number for a classifier without a class list where the cell is one', () => {
    expect(labelFromText('3', { kind: 'multiclass' })).toBe(3);
    expect(labelFromText('cat', { kind: 'multiclass' })).toBe('cat');
  });
});
