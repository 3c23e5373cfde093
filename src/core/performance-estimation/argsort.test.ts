import { describe, expect, it } from 'vitest';
import { argsortAscending, argsortDescending, argsortRanks } from './argsort.ts';

/** The comparator sort it replaces, stable in every engine since ES2019. */
const byComparator = (keys: ArrayLike<number>, sign: 1 | -1) =>
  Array.from(Uint32Array.from({ length: keys.length }, (_, i) => i).sort((a, b) => sign * (keys[a]! - keys[b]!)));

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('argsort', () => {
  const random = lcg(7);
  const cases: Record<string, number[]> = {
    // Two decimals, as NannyML's example scores: long runs of ties, whose order must be index order.
    'tied scores': Array.from({ length: 5000 }, () => Math.round(random() * 100) / 100),
    'continuous scores': Array.from({ length: 5000 }, () => random()),
    'signs, zeros and infinities': Array.from(
      { length: 3000 },
      (_, i) => [0, -0, Infinity, -Infinity, -1e-300, 1e-300, -5e10, 3.5, -3.5][i % 9]! * (i % 2 === 0 ? 1 : random()),
    ),
    'one value': Array.from({ length: 1000 }, () => 0.25),
    'few rows': [0.3, 0.1, 0.3, -0, 0, 0.2],
  };
  for (const [name, keys] of Object.entries(cases)) {
    it(`orders ${name} exactly as the stable comparator sort does`, () => {
      expect(Array.from(argsortAscending(keys))).toEqual(byComparator(keys, 1));
      expect(Array.from(argsortDescending(keys))).toEqual(byComparator(keys, -1));
    });
  }

  it('keeps -0 and 0 equal, in index order', () => {
    const keys = Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? -0 : 0));
    expect(Array.from(argsortAscending(keys))).toEqual(keys.map((_, i) => i));
  });

  it('falls back to the comparator when a key is NaN', () => {
    const keys = Array.from({ length: 600 }, (_, i) => (i === 10 ? Number.NaN : (i * 37) % 101));
    expect(Array.from(argsortAscending(keys))).toEqual(byComparator(keys, 1));
  });
});

describe('argsortRanks', () => {
  it('orders integer ranks as argsortAscending does, ties in index order', () => {
    const next = lcg(11);
    for (const [n, levels] of [
      [0, 1],
      [7, 3],
      [300, 5],
      [5000, 40],
      [5000, 4000],
    ] as const) {
      const keys = Uint32Array.from({ length: n }, () => Math.floor((next() / 2 ** 32) * levels));
      expect(Array.from(argsortRanks(keys, levels))).toEqual(Array.from(argsortAscending(keys)));
    }
  });
});
