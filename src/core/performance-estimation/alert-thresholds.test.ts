import { describe, expect, it } from 'vitest';
import { alertThresholds, outsideThresholds } from './alert-thresholds.ts';

describe('alertThresholds', () => {
  it('is the mean ± 3 population standard deviations, chunks without a value left out', () => {
    // mean 0.8, population std 0.1 (numpy's nanstd)
    const t = alertThresholds([0.7, 0.9, null, Number.NaN]);
    expect(t.lower).toBeCloseTo(0.5, 12);
    expect(t.upper).toBe(1); // 1.1 clipped
  });

  it('clips to the metric range [0, 1]', () => {
    expect(alertThresholds([0.1, 0.3])).toEqual({ lower: 0, upper: expect.closeTo(0.5, 12) as number });
  });

  it('has no thresholds when no reference chunk has a value', () => {
    expect(alertThresholds([null])).toEqual({ lower: null, upper: null });
  });

  it('alerts outside the band only', () => {
    const t = { lower: 0.5, upper: 0.9 };
    expect(outsideThresholds(0.49, t)).toBe(true);
    expect(outsideThresholds(0.91, t)).toBe(true);
    expect(outsideThresholds(0.5, t)).toBe(false);
    expect(outsideThresholds(null, t)).toBe(false);
  });
});
