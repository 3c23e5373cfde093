import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitTail,
  inferMostly,
  isRightSkewed,
  lowerBound,
  positiveLowerBound,
  roundOutward,
  shareLowerBound,
  shareUpperBound,
  upperBound,
} from './inference-bounds.ts';
import { NumericSummary } from './numeric-summary.ts';
import { normal, seeded } from './testing/sample-distributions.ts';

function summary(values: readonly number[]) {
  const s = new NumericSummary();
  for (const value of values) s.add(value);
  return s.state();
}

function draw(n: number, seed: number, make: (random: () => number) => number): number[] {
  const random = seeded(seed);
  return Array.from({ length: n }, () => make(random));
}

describe('range bounds', () => {
  it('widen a normal sample well beyond its extremes, by a few standard deviations', () => {
    const values = draw(2000, 1, normal);
    const high = upperBound(summary(values))!;
    const low = lowerBound(summary(values))!;
    expect(high.edge).toBe(false);
    expect(high.value).toBeGreaterThan(Math.max(...values) + 1);
    expect(high.value).toBeLessThan(12);
    expect(low.value).toBeLessThan(Math.min(...values) - 1);
    expect(low.value).toBeGreaterThan(-12);
  });

  it('reach further for a heavy tail than for a light one of the same spread', () => {
    const light = draw(2000, 2, (r) => 1 + normal(r));
    const heavy = draw(2000, 2, (r) => Math.exp(normal(r)));
    const reach = (values: number[]) => (upperBound(summary(values))!.value - Math.max(...values)) / Math.max(...values);
    expect(reach(heavy)).toBeGreaterThan(reach(light));
  });

  it('keep a hard edge that the whole tail repeats: a rating of 1 to 5, a flag', () => {
    const ratings = draw(2000, 3, (r) => 1 + Math.floor(r() * 5));
    expect(upperBound(summary(ratings))).toEqual({ value: 5, edge: true });
    expect(lowerBound(summary(ratings))).toEqual({ value: 1, edge: true });
    const flags = draw(500, 4, (r) => (r() < 0.1 ? 1 : 0));
    expect(upperBound(summary(flags))).toEqual({ value: 1, edge: true });
  });

  it('step beyond a discrete extreme whose counts were still falling: unseen values may be luck', () => {
    // 40 ones, 100 twos, 300 threes and more: a zero is plausible even though none was seen.
    const values = [...Array(40).fill(1), ...Array(100).fill(2), ...Array(300).fill(3), ...Array(500).fill(4)];
    const low = lowerBound(summary(values))!;
    expect(low.edge).toBe(false);
    expect(low.value).toBeLessThan(1);
  });

  it('step out a few values, not a hundred, beside an edge seen about as often as its neighbour', () => {
    // Regression (issue 12): a code 0/1/2 seen 25/37/27 times got max 190 and min -170; the step
    // beyond an edge seen c times keeps at most 3/c of it (the rule of three for the unseen value).
    const codes = [...Array(25).fill(0), ...Array(37).fill(1), ...Array(27).fill(2)];
    expect(upperBound(summary(codes))!.value).toBeLessThanOrEqual(5);
    expect(lowerBound(summary(codes))!.value).toBeGreaterThanOrEqual(-3);
    // A sparse count tail on 89 rows (0..4 seen 60/20/6/2/1 times): read as a discrete tail, not
    // fitted as a continuous one (max 37), and reaching at most its own range beyond its edge.
    const counts = [...Array(60).fill(0), ...Array(20).fill(1), ...Array(6).fill(2), ...Array(2).fill(3), 4];
    expect(upperBound(summary(counts))!.value).toBeLessThanOrEqual(10);
  });

  it('infer nothing from fewer than ten values', () => {
    expect(upperBound(summary([1, 2, 3]))).toBeUndefined();
  });

  it('fit an exponential tail with shape 0 and a Pareto tail with a positive shape', () => {
    const exponential = draw(4000, 5, (r) => -Math.log(1 - r())).sort((a, b) => a - b);
    const pareto = draw(4000, 6, (r) => 1 / Math.sqrt(1 - r()) - 1).sort((a, b) => a - b);
    expect(fitTail(exponential).shape).toBeLessThan(0.1);
    expect(fitTail(exponential).scale).toBeCloseTo(1, 0);
    expect(fitTail(pareto).shape).toBeGreaterThan(0.3);
  });
});

describe('share bounds', () => {
  it('lie above (upper) or below (lower) the observed share, within [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const count = Math.round(p * n);
        const upper = shareUpperBound(count, n);
        const lower = shareLowerBound(count, n);
        expect(upper).toBeGreaterThanOrEqual(Math.min(1, count / n + 0.01));
        expect(upper).toBeLessThanOrEqual(1);
        expect(lower).toBeLessThanOrEqual(count / n);
        expect(lower).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('tighten as the sample grows, never below the absolute floor', () => {
    expect(shareUpperBound(50, 1000)).toBeGreaterThan(shareUpperBound(5000, 100_000));
    expect(shareUpperBound(5000, 100_000)).toBeGreaterThanOrEqual(0.06);
    expect(shareUpperBound(0, 1_000_000)).toBeLessThanOrEqual(0.011);
  });

  it('let the label balance fall to at most half the observed share', () => {
    expect(shareLowerBound(100_000, 1_000_000)).toBeLessThanOrEqual(0.05);
    expect(shareLowerBound(100, 1000)).toBeLessThan(0.06);
  });
});

describe('inferMostly', () => {
  it('is 1 minus the rule of three, between 0.95 and 0.999', () => {
    expect(inferMostly(2000)).toBe(0.9985);
    expect(inferMostly(1_000_000)).toBe(0.999);
    expect(inferMostly(10)).toBe(0.95);
  });
});

describe('roundOutward', () => {
  it('shortens a bound only by moving it outward', () => {
    expect(roundOutward(1234.5678, 1197, 1, false)).toBe(1235);
    expect(roundOutward(1234.5678, 900, 1, false)).toBe(1240);
    expect(roundOutward(-3.14159, -2.5, -1, false)).toBe(-3.15);
    expect(roundOutward(7.2, 5, 1, true)).toBe(8);
    expect(roundOutward(0.0123456, 0.011, 1, false)).toBe(0.0124);
    expect(roundOutward(42, 42, 1, true)).toBe(42);
    // Found by the property below: value / step rounded to a whole number just inside the bound.
    expect(roundOutward(-60079.85937499999 + 0.000001, -60079.85937499999, 1, false)).toBeGreaterThanOrEqual(-60079.85937499999 + 0.000001);
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e5, noNaN: true }), (observed, margin) => {
        expect(roundOutward(observed + margin, observed, 1, false)).toBeGreaterThanOrEqual(observed + margin);
        expect(roundOutward(observed - margin, observed, -1, false)).toBeLessThanOrEqual(observed - margin);
      }),
    );
  });
});

describe('positive, right-skewed data', () => {
  it('is recognised by its skewness, beyond the noise of a symmetric sample', () => {
    const lognormal = new NumericSummary();
    const symmetric = new NumericSummary();
    const random = seeded(11);
    for (let i = 0; i < 2000; i++) {
      lognormal.add(Math.exp(10 + 0.5 * normal(random)));
      symmetric.add(100 + normal(random));
    }
    expect(isRightSkewed(lognormal.skewness, 2000)).toBe(true);
    expect(isRightSkewed(symmetric.skewness, 2000)).toBe(false);
  });

  it('gets a lower bound that is a fraction of its smallest value, not a margin below zero', () => {
    const values = draw(2000, 12, (r) => Math.exp(10 + 0.5 * normal(r)));
    const min = Math.min(...values);
    const additive = lowerBound(summary(values))!.value;
    const multiplicative = positiveLowerBound(summary(values))!.value;
    expect(additive).toBeLessThan(0);
    expect(multiplicative).toBeGreaterThan(0);
    expect(multiplicative).toBeLessThan(min * 0.8);
  });
});
