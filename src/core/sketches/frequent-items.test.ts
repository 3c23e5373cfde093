import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrequentItems } from './frequent-items.ts';
import { mulberry32 } from './testing/random-data.ts';

function summaryOf(keys: readonly string[], capacity = 4): FrequentItems {
  const summary = new FrequentItems(capacity);
  for (const k of keys) summary.add(k);
  return summary;
}

function exactCounts(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Every true count lies in [estimate, estimate + maxError], and maxError <= total / (capacity + 1). */
function expectWithinError(summary: FrequentItems, keys: readonly string[]): void {
  const exact = exactCounts(keys);
  const listed = new Map(summary.items().map((item) => [item.value, item]));
  for (const [value, count] of exact) {
    const item = listed.get(value);
    const lower = item?.lowerBound ?? 0;
    const upper = item?.upperBound ?? summary.maxError;
    expect(count).toBeGreaterThanOrEqual(lower);
    expect(count).toBeLessThanOrEqual(upper + 1e-9);
  }
  for (const value of listed.keys()) expect(exact.has(value)).toBe(true);
  expect(summary.maxError).toBeLessThanOrEqual(keys.length / (summary.capacity + 1) + 1e-9);
  expect(summary.total).toBe(keys.length);
}

// Skewed keys: a few heavy values among many light ones, as in real categorical columns.
const skewedKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }).map((i) => `k${i}`) },
);

describe('FrequentItems', () => {
  it('is exact while there are no more distinct values than twice the capacity', () => {
    const summary = summaryOf(['x', 'y', 'x', 'z', 'x', 'y'], 2);
    expect(summary.maxError).toBe(0);
    expect(summary.items()).toEqual([
      { value: 'x', estimate: 3, lowerBound: 3, upperBound: 3 },
      { value: 'y', estimate: 2, lowerBound: 2, upperBound: 2 },
      { value: 'z', estimate: 1, lowerBound: 1, upperBound: 1 },
    ]);
  });

  it('finds the heavy hitters of a long skewed stream within its error', () => {
    const random = mulberry32(5);
    const keys: string[] = [];
    for (let i = 0; i < 20000; i++) keys.push(random() < 0.3 ? 'hot' : random() < 0.3 ? 'warm' : `cold-${Math.floor(random() * 5000)}`);
    const summary = summaryOf(keys, 16);
    expectWithinError(summary, keys);
    expect(
      summary
        .items()
        .slice(0, 2)
        .map((item) => item.value),
    ).toEqual(['hot', 'warm']);
  });

  it('keeps the error bound on any stream', () => {
    fc.assert(fc.property(fc.array(skewedKey, { maxLength: 300 }), (keys) => expectWithinError(summaryOf(keys), keys)));
  });

  it('merges the summaries of parts into a summary of the whole within maxError', () => {
    fc.assert(
      fc.property(fc.array(fc.array(skewedKey, { maxLength: 80 }), { minLength: 1, maxLength: 6 }), (parts) => {
        const merged = new FrequentItems(4);
        for (const part of parts) merged.merge(summaryOf(part));
        expectWithinError(merged, parts.flat());
      }),
    );
  });

  it('merges commutatively and associatively within maxError', () => {
    fc.assert(
      fc.property(fc.array(skewedKey), fc.array(skewedKey), fc.array(skewedKey), (a, b, c) => {
        const [sa, sb, sc] = [a, b, c].map((p) => summaryOf(p)) as [FrequentItems, FrequentItems, FrequentItems];
        // Counters are summed key-wise and reduced by an order statistic: both orders agree exactly.
        expect(sa.clone().merge(sb).toJSON()).toEqual(sb.clone().merge(sa).toJSON());
        expectWithinError(sa.clone().merge(sb).merge(sc), [...a, ...b, ...c]);
        expectWithinError(sa.clone().merge(sb.clone().merge(sc)), [...a, ...b, ...c]);
      }),
    );
  });

  it('refuses to merge different capacities', () => {
    expect(() => new FrequentItems(4).merge(new FrequentItems(5))).toThrow(RangeError);
  });

  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.array(skewedKey), (keys) => {
        const summary = summaryOf(keys);
        const text = JSON.stringify(summary);
        expect(text).not.toMatch(/NaN|Infinity/);
        expect(FrequentItems.fromJSON(JSON.parse(text)).toJSON()).toEqual(summary.toJSON());
      }),
    );
  });
});
