import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGE_VALUES, NumericSummary, TAIL_SIZE } from './numeric-summary.ts';

function summarise(values: readonly number[]): NumericSummary {
  const summary = new NumericSummary();
  for (const value of values) summary.add(value);
  return summary;
}

function counts(values: readonly number[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

describe('NumericSummary', () => {
  it('keeps the count, mean, standard deviation and the extremes in order', () => {
    const summary = summarise([4, 8, 15, 16, 23, 42]);
    const state = summary.state();
    expect(state.count).toBe(6);
    expect(state.mean).toBeCloseTo(18, 12);
    expect(summary.standardDeviation).toBeCloseTo(Math.sqrt(((4 - 18) ** 2 + 100 + 9 + 4 + 25 + 576) / 5), 12);
    expect(state.top).toEqual([42, 23, 16, 15, 8, 4]);
    expect(state.bottom).toEqual([4, 8, 15, 16, 23, 42]);
    expect([summary.min, summary.max]).toEqual([4, 42]);
  });

  it('counts the most extreme distinct values', () => {
    const state = summarise([1, 5, 5, 3, 5, 1, 2]).state();
    expect(state.topCounts).toEqual([
      [5, 3],
      [3, 1],
      [2, 1],
      [1, 2],
    ]);
    expect(state.bottomCounts).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
      [5, 3],
    ]);
  });

  it('keeps exactly the largest and smallest values of a long stream', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 400 }), (values) => {
        const state = summarise(values).state();
        const sorted = [...values].sort((a, b) => a - b);
        expect(state.bottom).toEqual(sorted.slice(0, TAIL_SIZE));
        expect(state.top).toEqual(sorted.reverse().slice(0, TAIL_SIZE));
        const distinct = [...counts(values)].sort((a, b) => b[0] - a[0]);
        expect(state.topCounts).toEqual(distinct.slice(0, EDGE_VALUES));
        expect(state.bottomCounts).toEqual([...distinct].reverse().slice(0, EDGE_VALUES));
      }),
    );
  });

  it('merges to the summary of the whole stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { maxLength: 300 }),
        fc.nat(),
        (values, cut) => {
          const at = values.length === 0 ? 0 : cut % (values.length + 1);
          const whole = summarise(values);
          const merged = summarise(values.slice(0, at));
          merged.merge(summarise(values.slice(at)));
          const [a, b] = [whole.state(), merged.state()];
          expect(b.count).toBe(a.count);
          expect(b.top).toEqual(a.top);
          expect(b.bottom).toEqual(a.bottom);
          expect(b.topCounts).toEqual(a.topCounts);
          expect(b.bottomCounts).toEqual(a.bottomCounts);
          expect(b.mean).toBeCloseTo(a.mean, 6);
          expect(Math.abs(b.m2 - a.m2)).toBeLessThanOrEqual(1e-9 * Math.max(1, a.m2));
        },
      ),
    );
  });
});

describe('NumericSummary skewness', () => {
  it('is 0 for symmetric data and positive for a right tail, as scipy.stats.skew (bias=True)', () => {
    expect(summarise([1, 2, 3, 4, 5]).skewness).toBeCloseTo(0, 12);
    // scipy.stats.skew([1, 2, 3, 10]) = 1.0182337...
    expect(summarise([1, 2, 3, 10]).skewness).toBeCloseTo(1.0182338, 6);
    expect(summarise([1, 2, 3, 10].map((x) => -x)).skewness).toBeCloseTo(-1.0182338, 6);
  });

  it('merges exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 200 }), fc.nat(), (values, cut) => {
        const at = cut % (values.length + 1);
        const merged = summarise(values.slice(0, at));
        merged.merge(summarise(values.slice(at)));
        const whole = summarise(values);
        expect(Math.abs(merged.state().m3 - whole.state().m3)).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(whole.state().m3), whole.state().m2 ** 1.5),
        );
      }),
    );
  });
});
