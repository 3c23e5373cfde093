import { describe, expect, it } from 'vitest';
import { count, exampleValue, percent, plural } from './report-text.ts';

describe('report text', () => {
  it('prints shares as readable percentages', () => {
    expect(percent(0)).toBe('0%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.123)).toBe('12.3%');
    expect(percent(0.05)).toBe('5%');
    expect(percent(0.0125)).toBe('1.25%');
    expect(percent(0.00012)).toBe('0.012%');
  });

  it('separates thousands and picks singular or plural', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(count(999)).toBe('999');
    expect(plural(1, 'row', 'rows')).toBe('1 row');
    expect(plural(2000, 'row', 'rows')).toBe('2,000 rows');
  });

  it('keeps examples short', () => {
    expect(exampleValue('x'.repeat(500))).toBe(`${'x'.repeat(200)}…`);
    expect(exampleValue('short')).toBe('short');
    expect(exampleValue(12)).toBe(12);
    expect(exampleValue(null)).toBe(null);
  });
});
