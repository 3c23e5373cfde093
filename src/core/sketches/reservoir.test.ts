import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reservoir } from './reservoir.ts';
import { mulberry32 } from './testing/random-data.ts';

type Item = [value: number, priority: number];

function reservoirOf(items: readonly Item[], capacity = 8): Reservoir<number> {
  const reservoir = new Reservoir<number>(capacity);
  for (const [value, priority] of items) reservoir.add(value, priority);
  return reservoir;
}

/** Distinct priorities, so "the smallest k" is unambiguous. */
const items = fc.uniqueArray(fc.tuple(fc.integer(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), {
  selector: ([, priority]) => priority,
  maxLength: 60,
});

describe('Reservoir', () => {
  it('keeps the values with the smallest priorities, in ascending priority', () => {
    const reservoir = reservoirOf(
      [
        [1, 0.9],
        [2, 0.1],
        [3, 0.5],
        [4, 0.3],
        [5, 0.7],
      ],
      3,
    );
    expect(reservoir.values()).toEqual([2, 4, 3]);
    expect(reservoir.seen).toBe(5);
  });

  it('equals sorting all items by priority and taking the first k', () => {
    fc.assert(
      fc.property(items, fc.integer({ min: 1, max: 10 }), (all, capacity) => {
        const expected = [...all]
          .sort((a, b) => a[1] - b[1])
          .slice(0, capacity)
          .map(([value]) => value);
        expect(reservoirOf(all, capacity).values()).toEqual(expected);
      }),
    );
  });

  it('merges the reservoirs of parts into exactly the reservoir of the whole', () => {
    fc.assert(
      fc.property(items, fc.array(fc.nat(4), { minLength: 60, maxLength: 60 }), (all, partOf) => {
        const parts: Item[][] = [[], [], [], [], []];
        all.forEach((item, i) => parts[partOf[i]!]!.push(item));
        const merged = new Reservoir<number>(8);
        for (const part of parts) merged.merge(reservoirOf(part));
        expect(merged.toJSON()).toEqual(reservoirOf(all).toJSON());
      }),
    );
  });

  it('merges commutatively and associatively', () => {
    fc.assert(
      fc.property(items, (all) => {
        const third = Math.ceil(all.length / 3);
        const [a, b, c] = [all.slice(0, third), all.slice(third, 2 * third), all.slice(2 * third)].map((p) => reservoirOf(p)) as [
          Reservoir<number>,
          Reservoir<number>,
          Reservoir<number>,
        ];
        expect(a.clone().merge(b).toJSON()).toEqual(b.clone().merge(a).toJSON());
        expect(a.clone().merge(b).merge(c).toJSON()).toEqual(a.clone().merge(b.clone().merge(c)).toJSON());
      }),
    );
  });

  it('samples a part seen ten times more often about ten times more', () => {
    const random = mulberry32(9);
    const big = new Reservoir<string>(500);
    const small = new Reservoir<string>(500);
    for (let i = 0; i < 100000; i++) big.add('big', random());
    for (let i = 0; i < 10000; i++) small.add('small', random());
    const sample = big.merge(small).values();
    const share = sample.filter((v) => v === 'small').length / sample.length;
    // Binomial(500, 1/11): mean 0.091, standard deviation 0.013.
    expect(share).toBeGreaterThan(0.091 - 4 * 0.013);
    expect(share).toBeLessThan(0.091 + 4 * 0.013);
  });

  it('refuses to merge different capacities', () => {
    expect(() => new Reservoir(3).merge(new Reservoir(4))).toThrow(RangeError);
  });

  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(items, (all) => {
        const reservoir = reservoirOf(all);
        const text = JSON.stringify(reservoir);
        expect(text).not.toMatch(/NaN|Infinity/);
        expect(Reservoir.fromJSON<number>(JSON.parse(text)).toJSON()).toEqual(reservoir.toJSON());
      }),
    );
  });
});
