import { describe, expect, it } from 'vitest';
import references from './fixtures/sketch-references.json' with { type: 'json' };
import { hashFloat64, hashString } from './hash.ts';
import { mulberry32 } from './testing/random-data.ts';

function popcount(x: number): number {
  let v = x >>> 0;
  let bits = 0;
  while (v) {
    v &= v - 1;
    bits++;
  }
  return bits;
}

describe('hashFloat64', () => {
  it('hashes a value, not its spelling: 0 and -0, 1 and 1.0, every NaN', () => {
    expect(hashFloat64(-0)).toBe(hashFloat64(0));
    expect(hashFloat64(1.0)).toBe(hashFloat64(1));
    expect(hashFloat64(Number.NaN)).toBe(hashFloat64(0 / 0));
    expect(hashFloat64(1)).not.toBe(hashFloat64(2));
    expect(hashFloat64(1, 7)).not.toBe(hashFloat64(1));
  });

  it('is MurmurHash3 (x86, 32-bit) of the little-endian float64 and of UTF-16LE text, as mmh3 computes it', () => {
    // Stored HyperLogLog registers depend on these values: they must never change.
    for (const { value, seed, hash } of references.hashes.numbers) expect(hashFloat64(value, seed)).toBe(hash);
    for (const { value, seed, hash } of references.hashes.strings) expect(hashString(value, seed)).toBe(hash);
  });

  it('sets each output bit for about half of consecutive integers', () => {
    const n = 20000;
    const ones = new Array<number>(32).fill(0);
    for (let i = 0; i < n; i++) {
      const h = hashFloat64(i);
      for (let bit = 0; bit < 32; bit++) ones[bit]! += (h >>> bit) & 1;
    }
    // 4.5 standard deviations of a fair coin over n draws.
    const slack = 4.5 * Math.sqrt(n / 4);
    for (const count of ones) expect(Math.abs(count - n / 2)).toBeLessThan(slack);
  });

  it('avalanches: flipping one input bit flips about half of the output bits', () => {
    const random = mulberry32(11);
    let flipped = 0;
    let trials = 0;
    const view = new DataView(new ArrayBuffer(8));
    for (let t = 0; t < 2000; t++) {
      const x = (random() - 0.5) * 1e6;
      view.setFloat64(0, x);
      const bit = Math.floor(random() * 64);
      const byte = bit >> 3;
      view.setUint8(byte, view.getUint8(byte) ^ (1 << (bit & 7)));
      const y = view.getFloat64(0);
      if (!Number.isFinite(y) || y === x) continue;
      flipped += popcount(hashFloat64(x) ^ hashFloat64(y));
      trials++;
    }
    expect(flipped / trials).toBeGreaterThan(15);
    expect(flipped / trials).toBeLessThan(17);
  });
});

describe('hashString', () => {
  it('distinguishes strings that differ in one unit, in order or in length', () => {
    const seen = new Set<number>();
    const words = ['', 'a', 'b', 'ab', 'ba', 'a\u0000', 'abc', 'abd', 'Ballast', 'ballast', '\u{1F600}'];
    for (const w of words) seen.add(hashString(w));
    expect(seen.size).toBe(words.length);
  });

  it('has no collisions on 100k short keys (expected about one in 2^32 / 10^10 ≈ 1)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100000; i++) seen.add(hashString(`user-${i}`));
    // The birthday bound for 1e5 keys in 2^32 values is 1.16 expected collisions.
    expect(seen.size).toBeGreaterThanOrEqual(100000 - 6);
  });
});
