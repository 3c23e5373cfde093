import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import references from './fixtures/sketch-references.json' with { type: 'json' };
import { Moments } from './moments.ts';

function momentsOf(values: readonly number[]): Moments {
  const moments = new Moments();
  for (const x of values) moments.add(x);
  return moments;
}

function closeRelative(actual: number, expected: number, tolerance: number): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

function expectSame(a: Moments, b: Moments, tolerance = 1e-9): void {
  expect(a.count).toBe(b.count);
  expect(closeRelative(a.mean, b.mean, tolerance)).toBe(true);
  expect(closeRelative(a.m2, b.m2, tolerance)).toBe(true);
  // == rather than Object.is: JSON has no -0, so a minimum of -0 reads back as 0, the same number.
  expect(a.min === b.min).toBe(true);
  expect(a.max === b.max).toBe(true);
}

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe('Moments', () => {
  for (const ref of references.moments) {
    it(`matches numpy on ${ref.name}`, () => {
      const moments = new Moments();
      ref.values.forEach((x, i) => (ref.weights ? moments.addWeighted(x, ref.weights[i]!) : moments.add(x)));
      expect(moments.count).toBe(ref.count);
      expect(closeRelative(moments.mean, ref.mean, 1e-12)).toBe(true);
      // Around 1e9 one float64 step is 1.2e-7, so the running mean itself carries that much
      // rounding; the variance (about 1) keeps 7 digits, where sum-of-squares keeps none.
      const tolerance = ref.name === 'large offset' ? 1e-6 : 1e-9;
      expect(closeRelative(moments.variance, ref.variance, tolerance)).toBe(true);
      expect(closeRelative(moments.sampleVariance, ref.sample_variance, tolerance)).toBe(true);
      expect(closeRelative(moments.std, Math.sqrt(ref.variance), tolerance)).toBe(true);
      expect([moments.min, moments.max]).toEqual([ref.min, ref.max]);
    });
  }

  it('keeps the variance of values near 1e9 that the sum of squares loses', () => {
    const ref = references.moments.find((r) => r.name === 'large offset')!;
    const n = ref.values.length;
    const sum = ref.values.reduce((s, x) => s + x, 0);
    const sumSquares = ref.values.reduce((s, x) => s + x * x, 0);
    const naive = (sumSquares - (sum * sum) / n) / n;
    expect(closeRelative(naive, ref.variance, 1e-2)).toBe(false);
    expect(closeRelative(momentsOf(ref.values).variance, ref.variance, 1e-6)).toBe(true);
  });

  it('agrees with a two-pass computation', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 200 }), (values) => {
        const mean = values.reduce((s, x) => s + x, 0) / values.length;
        const m2 = values.reduce((s, x) => s + (x - mean) ** 2, 0);
        const moments = momentsOf(values);
        expect(Math.abs(moments.mean - mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, ...values.map(Math.abs)));
        expect(Math.abs(moments.m2 - m2)).toBeLessThanOrEqual(1e-9 * Math.max(1, m2, mean * mean * values.length));
      }),
    );
  });

  it('reports zero variance below two values and null extremes when empty', () => {
    const empty = new Moments();
    expect([empty.variance, empty.sampleVariance, empty.std]).toEqual([0, 0, 0]);
    expect(empty.toJSON()).toEqual({ count: 0, mean: 0, m2: 0, min: null, max: null });
    expect(JSON.stringify(empty)).not.toMatch(/NaN|Infinity/);
    const one = momentsOf([7]);
    expect([one.variance, one.sampleVariance, one.min, one.max]).toEqual([0, 0, 7, 7]);
  });

  it('treats an integer weight as that many repeats and ignores weights <= 0', () => {
    const weighted = new Moments();
    weighted.addWeighted(2, 3);
    weighted.addWeighted(10, 1);
    weighted.addWeighted(99, 0);
    weighted.addWeighted(99, -1);
    expectSame(weighted, momentsOf([2, 2, 2, 10]), 1e-12);
  });

  it('merges the moments of parts into the moments of the whole', () => {
    fc.assert(
      fc.property(fc.array(fc.array(finite, { maxLength: 40 }), { minLength: 1, maxLength: 6 }), (parts) => {
        const merged = new Moments();
        for (const part of parts) merged.merge(momentsOf(part));
        expectSame(merged, momentsOf(parts.flat()));
      }),
    );
  });

  it('merges commutatively and associatively', () => {
    fc.assert(
      fc.property(fc.array(finite), fc.array(finite), fc.array(finite), (a, b, c) => {
        const [ma, mb, mc] = [a, b, c].map(momentsOf) as [Moments, Moments, Moments];
        expectSame(ma.clone().merge(mb), mb.clone().merge(ma));
        expectSame(ma.clone().merge(mb).merge(mc), ma.clone().merge(mb.clone().merge(mc)));
      }),
    );
  });

  it('round-trips through JSON without NaN or Infinity', () => {
    fc.assert(
      fc.property(fc.array(finite), (values) => {
        const moments = momentsOf(values);
        const text = JSON.stringify(moments);
        expect(text).not.toMatch(/NaN|Infinity/);
        expectSame(Moments.fromJSON(JSON.parse(text)), moments, 0);
      }),
    );
  });
});
