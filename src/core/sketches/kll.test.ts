import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KllSketch } from './kll.ts';
import { DISTRIBUTIONS, sample, worstRankError } from './testing/random-data.ts';

function sketchOf(values: ArrayLike<number>, k = 200, seed = 1): KllSketch {
  const sketch = new KllSketch(k, seed);
  for (let i = 0; i < values.length; i++) sketch.add(values[i]!);
  return sketch;
}

function expectWithinBound(sketch: KllSketch, data: Float64Array): void {
  expect(sketch.count).toBe(data.length);
  expect(worstRankError(data, (x) => sketch.rank(x))).toBeLessThanOrEqual(KllSketch.rankErrorBound(sketch.k));
}

/** The true ranks a returned quantile may have: from the share below it to the share at or below it. */
function quantileRankError(data: Float64Array, q: number, value: number): number {
  let below = 0;
  let atOrBelow = 0;
  for (const x of data) {
    if (x < value) below++;
    if (x <= value) atOrBelow++;
  }
  const n = data.length;
  return q < below / n ? below / n - q : q > atOrBelow / n ? q - atOrBelow / n : 0;
}

describe('KllSketch', () => {
  it('is empty at first: NaN quantiles and extremes, rank 0, JSON without NaN', () => {
    const sketch = new KllSketch();
    expect([sketch.count, sketch.retained, sketch.rank(1)]).toEqual([0, 0, 0]);
    expect([sketch.quantile(0.5), sketch.min, sketch.max]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    const text = JSON.stringify(sketch);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(KllSketch.fromJSON(JSON.parse(text)).count).toBe(0);
  });

  it('is exact while it holds fewer than k values', () => {
    const sketch = sketchOf([5, 1, 4, 2, 3]);
    expect(sketch.quantiles([0, 0.2, 0.21, 0.5, 0.8, 1])).toEqual([1, 1, 2, 3, 4, 5]);
    expect([sketch.rank(0), sketch.rank(2), sketch.rank(2.5), sketch.rank(5)]).toEqual([0, 0.4, 0.4, 1]);
    expect(sketch.sortedView()).toEqual({ values: Float64Array.of(1, 2, 3, 4, 5), weights: Float64Array.of(1, 1, 1, 1, 1) });
  });

  it('returns the exact min and max for q = 0 and 1 and rejects q outside [0, 1]', () => {
    const data = sample('lognormal', 50000, 4);
    const sketch = sketchOf(data);
    expect(sketch.quantile(0)).toBe(Math.min(...data));
    expect(sketch.quantile(1)).toBe(Math.max(...data));
    expect([sketch.min, sketch.max]).toEqual([Math.min(...data), Math.max(...data)]);
    expect(() => sketch.quantile(1.01)).toThrow(RangeError);
    expect(() => sketch.quantile(Number.NaN)).toThrow(RangeError);
  });

  for (const distribution of DISTRIBUTIONS) {
    it(`keeps every rank within the stated bound on ${distribution} data`, () => {
      for (const [n, seed] of [
        [10000, 1],
        [10000, 2],
        [100000, 3],
      ] as const) {
        const data = sample(distribution, n, seed);
        const sketch = sketchOf(data, 200, seed);
        expectWithinBound(sketch, data);
        for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
          expect(quantileRankError(data, q, sketch.quantile(q))).toBeLessThanOrEqual(KllSketch.rankErrorBound(200));
        }
      }
    });
  }

  it('keeps the bound at smaller k', () => {
    for (const k of [20, 50, 100]) {
      const data = sample('normal', 30000, k);
      expectWithinBound(sketchOf(data, k, k), data);
    }
  });

  it('returns a sorted view whose weights sum to the count', () => {
    const sketch = sketchOf(sample('uniform', 123457, 8));
    const { values, weights } = sketch.sortedView();
    expect(values.length).toBe(sketch.retained);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(weights.reduce((s, w) => s + w, 0)).toBe(123457);
  });

  it('stays well under 32 KB at k = 200 whatever the count', () => {
    const sketch = new KllSketch();
    for (let i = 0; i < 2_000_000; i++) sketch.add((i * 7919) % 1000003);
    expect(sketch.bufferCapacity * 8).toBeLessThan(8 * 1024);
    expect(sketch.retained).toBeLessThanOrEqual(sketch.bufferCapacity);
    expect(sketch.count).toBe(2_000_000);
  });

  it('merges the sketches of 100 parts into a sketch of the whole within the bound', () => {
    for (const distribution of ['normal', 'sorted', 'heavy-ties'] as const) {
      const data = sample(distribution, 100000, 6);
      const merged = new KllSketch(200, 1);
      for (let p = 0; p < 100; p++) merged.merge(sketchOf(data.subarray(p * 1000, (p + 1) * 1000), 200, 100 + p));
      expectWithinBound(merged, data);
      expect([merged.min, merged.max]).toEqual([Math.min(...data), Math.max(...data)]);
    }
  });

  it('merges commutatively and associatively within the bound', () => {
    const value = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 1500 }),
        fc.array(value, { maxLength: 1500 }),
        fc.array(value, { maxLength: 1500 }),
        (a, b, c) => {
          const [sa, sb, sc] = [a, b, c].map((part, i) => sketchOf(part, 32, i + 1)) as [KllSketch, KllSketch, KllSketch];
          const ab = Float64Array.from([...a, ...b]);
          const abc = Float64Array.from([...a, ...b, ...c]);
          if (ab.length > 0) {
            expectWithinBound(sa.clone().merge(sb), ab);
            expectWithinBound(sb.clone().merge(sa), ab);
          }
          if (abc.length > 0) {
            expectWithinBound(sa.clone().merge(sb).merge(sc), abc);
            expectWithinBound(sa.clone().merge(sb.clone().merge(sc)), abc);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is deterministic for a seed and survives a JSON round trip mid-stream', () => {
    const data = sample('normal', 20000, 12);
    const first = sketchOf(data.subarray(0, 7777), 64, 99);
    const text = JSON.stringify(first);
    expect(text).not.toMatch(/NaN|Infinity/);
    const restored = KllSketch.fromJSON(JSON.parse(text));
    expect(restored.toJSON()).toEqual(first.toJSON());
    for (let i = 7777; i < data.length; i++) {
      first.add(data[i]!);
      restored.add(data[i]!);
    }
    expect(restored.toJSON()).toEqual(first.toJSON());
    expect(first.toJSON()).toEqual(sketchOf(data, 64, 99).toJSON());
    expect(first.clone().toJSON()).toEqual(first.toJSON());
  });

  it('rejects states whose weights do not add up, and merges across k', () => {
    const state = sketchOf([1, 2, 3]).toJSON();
    expect(() => KllSketch.fromJSON({ ...state, count: 4 })).toThrow(RangeError);
    expect(() => new KllSketch(200).merge(sketchOf([1], 100))).toThrow(RangeError);
    expect(() => new KllSketch(4)).toThrow(RangeError);
  });
});
