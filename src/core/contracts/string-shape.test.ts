import { describe, expect, it } from 'vitest';
import { MIN_VALUES_FOR_PATTERN, ShapeSummary, UUID_PATTERN } from './string-shape.ts';

function shapes(values: readonly string[]): ShapeSummary {
  const summary = new ShapeSummary();
  for (const value of values) summary.add(value);
  return summary;
}

const many = (make: (i: number) => string, n = MIN_VALUES_FOR_PATTERN): string[] => Array.from({ length: n }, (_, i) => make(i));

describe('ShapeSummary', () => {
  it('finds the shape of uniform codes, exact where lengths never changed', () => {
    const pattern = shapes(many((i) => `AB-${String(1000 + i * 7)}`)).pattern();
    expect(pattern).toBe('[A-Z]{2}-[0-9]{4}');
    for (const value of many((i) => `XY-${String(2000 + i)}`)) expect(new RegExp(`^(?:${pattern})$`).test(value)).toBe(true);
  });

  it('generalises runs whose length varied', () => {
    expect(shapes(many((i) => `user.${'x'.repeat(1 + (i % 5))}@example.com`)).pattern()).toBe('[a-z]{4}\\.[a-z]+@[a-z]{7}\\.[a-z]{3}');
    expect(shapes(many((i) => String(i).padStart(1 + (i % 3), '0') + 'kg')).pattern()).toBe('[0-9]+[a-z]{2}');
  });

  it('recognises UUIDs, whose letter and digit runs vary', () => {
    const uuids = many((i) => `${(0x10000000 + i * 7919).toString(16)}-4a1b-9c2d-8e3f-${String(i).padStart(12, 'a')}`);
    const summary = shapes(uuids);
    expect(summary.pattern()).toBe(UUID_PATTERN);
    expect(summary.valueSpace()).toBe(2 ** 122);
  });

  it('gives no pattern for free text, mixed shapes, constants or too few values', () => {
    expect(shapes(many((i) => (i % 2 === 0 ? 'AB-12' : 'AB12'))).pattern()).toBeUndefined();
    expect(shapes(many((i) => `the quick brown fox ${'jumps '.repeat(i % 3)}`)).pattern()).toBeUndefined();
    expect(shapes(many(() => '---')).pattern()).toBeUndefined();
    expect(shapes(many((i) => `A${i % 10}`, MIN_VALUES_FOR_PATTERN - 1)).pattern()).toBeUndefined();
    expect(shapes(many((i) => 'x'.repeat(65 + i))).pattern()).toBeUndefined();
  });

  it('escapes literal characters that mean something in a regular expression', () => {
    const pattern = shapes(many((i) => `(${i % 10}).[${i % 7}]+$`)).pattern()!;
    expect(pattern).toBe('\\([0-9]\\)\\.\\[[0-9]\\]\\+\\$');
    expect(new RegExp(`^(?:${pattern})$`, 'u').test('(3).[4]+$')).toBe(true);
  });

  it('counts the values a pattern admits, infinite when a run may grow', () => {
    expect(shapes(many((i) => `A-${String(i).padStart(3, '0')}`)).valueSpace()).toBe(26 * 1000);
    expect(shapes(many((i) => `A-${i}`)).valueSpace()).toBe(Infinity);
  });

  it('merges to the summary of all values', () => {
    const left = shapes(many((i) => `AB-${1000 + i}`));
    left.merge(shapes(many((i) => `CD-${10000 + i}`)));
    expect(left.pattern()).toBe('[A-Z]{2}-[0-9]+');
    left.merge(shapes(['free text']));
    expect(left.pattern()).toBeUndefined();
  });
});
