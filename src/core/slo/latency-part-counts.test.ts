import { describe, expect, it } from 'vitest';
import { KllSketch } from '../sketches/kll.ts';
import { availabilityCounts, latencyCounts } from './latency-part-counts.ts';

function sketchOf(values: readonly number[], k = 400) {
  const sketch = new KllSketch(k, 7);
  for (const v of values) sketch.add(v);
  return sketch.toJSON();
}

describe('availability counts of a window part', () => {
  it('counts answered and failed requests, the failed ones bad', () => {
    expect(availabilityCounts({ latency: sketchOf([1, 2, 3, 4]), errors: 2 })).toEqual({ total: 6, bad: 2 });
  });

  it('knows nothing of a part without its failures or its latencies', () => {
    expect(availabilityCounts({ latency: sketchOf([1, 2]) })).toBeNull();
    expect(availabilityCounts({ latency: sketchOf([1, 2]), errors: null })).toBeNull();
    expect(availabilityCounts({ errors: 3 })).toBeNull();
  });
});

describe('latency counts of a window part', () => {
  it('counts the requests slower than the threshold exactly in a small window', () => {
    // 200 requests: 195 at 10 ms, 5 at 80 ms → 5 slower than 50 ms; a request at exactly 50 ms is not slower.
    const values = [...Array<number>(194).fill(10), 50, ...Array<number>(5).fill(80)];
    expect(latencyCounts({ latency: sketchOf(values), errors: 0 }, 50)).toEqual({ total: 200, bad: 5 });
  });

  it('estimates them within the sketch rank error in a large one, and summing parts agrees with ranking the merged sketch', () => {
    // 3 parts of 20,000 requests, latencies 0.01 … 200 ms: exactly 75% slower than 50 ms.
    const parts = [0, 1, 2].map((p) => {
      const sketch = new KllSketch(400, 11 + p);
      for (let i = 1; i <= 20_000; i++) sketch.add((i * 200) / 20_000);
      return sketch;
    });
    const summed = parts
      .map((s) => latencyCounts({ latency: s.toJSON() }, 50)!)
      .reduce((a, b) => ({ total: a.total + b.total, bad: a.bad + b.bad }));
    expect(summed.total).toBe(60_000);
    // Each part's count is its sketch's own rank of the threshold, read from the stored levels.
    for (const s of parts) expect(latencyCounts({ latency: s.toJSON() }, 50)!.bad).toBe(20_000 - Math.round(s.rank(50) * 20_000));
    expect(Math.abs(summed.bad / 60_000 - 0.75)).toBeLessThanOrEqual(KllSketch.rankErrorBound(400));
    const merged = parts[0]!.clone().merge(parts[1]!).merge(parts[2]!);
    // Merging compacts again; summing the parts' ranks does not, so the two differ by at most both errors.
    expect(Math.abs(summed.bad / 60_000 - (1 - merged.rank(50)))).toBeLessThanOrEqual(2 * KllSketch.rankErrorBound(400));
  });

  it('counts nothing of an empty sketch and knows nothing without one', () => {
    expect(latencyCounts({ latency: sketchOf([]), errors: 4 }, 50)).toEqual({ total: 0, bad: 0 });
    expect(latencyCounts({ errors: 4 }, 50)).toBeNull();
  });
});
