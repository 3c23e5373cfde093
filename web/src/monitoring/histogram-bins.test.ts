import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramData, largestShift, shares } from './histogram-bins.ts';

describe('shares', () => {
  it('divides by the total and leaves an empty side at zero', () => {
    expect(shares([1, 3])).toEqual([0.25, 0.75]);
    expect(shares([0, 0])).toEqual([0, 0]);
  });
});

describe('histogramData', () => {
  it('keeps numeric bins in order, as shares of each side', () => {
    const data = histogramData(
      { bins: ['< 10', '[10, 20)', '>= 20'], edges: [10, 20], reference: [250, 500, 250], current: [10, 40, 50] },
      'numeric',
      2,
    );
    expect(data.bins).toEqual([
      { label: '< 10', reference: 0.25, current: 0.1 },
      { label: '[10, 20)', reference: 0.5, current: 0.4 },
      { label: '>= 20', reference: 0.25, current: 0.5 },
    ]);
    expect(data).toMatchObject({ referenceTotal: 1000, currentTotal: 100, merged: 0, maxShare: 0.5 });
    expect(largestShift(data)?.bin.label).toBe('>= 20');
    expect(largestShift(data)?.change).toBeCloseTo(0.25);
  });

  it('merges small categories with "(other)" and keeps one that is new in the current data', () => {
    const data = histogramData(
      { bins: ['a', 'b', 'c', 'new', '(other)'], reference: [50, 30, 15, 0, 5], current: [40, 10, 5, 45, 0] },
      'categorical',
      3,
    );
    expect(data.bins.map((b) => b.label)).toEqual(['a', 'new', '(3 others)']);
    expect(data.merged).toBe(3);
    expect(data.bins[2]!.reference).toBeCloseTo(0.5);
    expect(data.bins[2]!.current).toBeCloseTo(0.15);
  });

  it('keeps each side summing to one after merging', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 30 }),
        (counts, maxBars) => {
          const reference = counts.map(([r]) => r);
          const current = counts.map(([, c]) => c);
          const data = histogramData({ bins: counts.map((_, i) => `c${i}`), reference, current }, 'categorical', maxBars);
          expect(data.bins.length).toBeLessThanOrEqual(Math.max(maxBars, 1));
          const total = (side: 'reference' | 'current') => data.bins.reduce((s, b) => s + b[side], 0);
          if (reference.some((r) => r > 0)) expect(total('reference')).toBeCloseTo(1, 9);
          if (current.some((c) => c > 0)) expect(total('current')).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});
