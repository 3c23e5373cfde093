import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CategoryCounts } from './category-counts.ts';

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');

function countsOf(keys: readonly string[], capacity = 5): CategoryCounts {
  const counts = new CategoryCounts(capacity);
  for (const k of keys) counts.add(k);
  return counts;
}

describe('CategoryCounts', () => {
  it('counts exactly and sorts by count, then key', () => {
    const counts = countsOf(['b', 'a', 'c', 'a', 'b', 'd'], 10);
    expect(counts.entries()).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 1],
      ['d', 1],
    ]);
    expect([counts.get('a'), counts.get('zzz'), counts.total, counts.distinct, counts.exhausted]).toEqual([2, 0, 6, 4, false]);
  });

  it('gives up past capacity, keeping only the total', () => {
    const counts = countsOf(['a', 'b', 'c', 'a'], 2);
    expect([counts.exhausted, counts.distinct, counts.total, counts.get('a')]).toEqual([true, undefined, 4, 0]);
    expect(counts.entries()).toEqual([]);
    const exactlyFull = countsOf(['a', 'b', 'a'], 2);
    expect([exactlyFull.exhausted, exactlyFull.distinct]).toEqual([false, 2]);
  });

  it('adds weights', () => {
    const counts = new CategoryCounts();
    counts.add('x', 2.5);
    counts.add('x', 0.5);
    expect([counts.get('x'), counts.total]).toEqual([3, 3]);
  });

  it('merges the counts of parts into exactly the counts of the whole (exhausted iff the union is too big)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(key, { maxLength: 12 }), { minLength: 1, maxLength: 5 }), (parts) => {
        const merged = new CategoryCounts(5);
        for (const part of parts) merged.merge(countsOf(part));
        const whole = countsOf(parts.flat());
        expect(merged.toJSON()).toEqual(whole.toJSON());
        expect(merged.exhausted).toBe(new Set(parts.flat()).size > 5);
      }),
    );
  });

  it('merges commutatively and associatively', () => {
    fc.assert(
      fc.property(fc.array(key), fc.array(key), fc.array(key), (a, b, c) => {
        const [ca, cb, cc] = [a, b, c].map((p) => countsOf(p)) as [CategoryCounts, CategoryCounts, CategoryCounts];
        expect(ca.clone().merge(cb).toJSON()).toEqual(cb.clone().merge(ca).toJSON());
        expect(ca.clone().merge(cb).merge(cc).toJSON()).toEqual(ca.clone().merge(cb.clone().merge(cc)).toJSON());
      }),
    );
  });

  it('keeps the smaller capacity when merging different ones, in either order', () => {
    const small = countsOf(['a', 'b'], 2);
    const large = countsOf(['c'], 10);
    const one = small.clone().merge(large);
    const other = large.clone().merge(small);
    expect(one.toJSON()).toEqual(other.toJSON());
    expect([one.capacity, one.exhausted, one.total]).toEqual([2, true, 3]);
  });

  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.array(key), (keys) => {
        const counts = countsOf(keys);
        const back = CategoryCounts.fromJSON(JSON.parse(JSON.stringify(counts)));
        expect(back.toJSON()).toEqual(counts.toJSON());
        expect(back.distinct).toBe(counts.distinct);
      }),
    );
  });
});
