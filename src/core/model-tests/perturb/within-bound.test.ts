import { describe, expect, it } from 'vitest';
import { describeMiss, formatNumber, withinBound } from './within-bound.ts';

describe('withinBound', () => {
  it('is inclusive on both sides and never met by an undefined value', () => {
    expect(withinBound(0.05, { max: 0.05 })).toBe(true);
    expect(withinBound(0.051, { max: 0.05 })).toBe(false);
    expect(withinBound(0.1, { min: 0.1, max: 0.2 })).toBe(true);
    expect(withinBound(0.09, { min: 0.1 })).toBe(false);
    expect(withinBound(null, { max: 1 })).toBe(false);
  });
  it('says how a value misses', () => {
    expect(describeMiss(0.0312345, { max: 0.02 })).toBe('0.03123 > max 0.02');
    expect(describeMiss(1, { min: 2 })).toBe('1 < min 2');
    expect(describeMiss(null, { max: 2 })).toBe('undefined');
    expect(formatNumber(12.345678)).toBe('12.35');
  });
});
