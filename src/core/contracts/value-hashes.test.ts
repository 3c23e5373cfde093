import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashSet53, hashCells, hashNumber, hashText } from './value-hashes.ts';

describe('hashText and hashNumber', () => {
  it('are deterministic 53-bit integers', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const h = hashText(text);
        expect(h).toBe(hashText(text));
        expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      }),
    );
    expect(hashNumber(1)).toBe(hashNumber(1.0));
    expect(hashNumber(0)).toBe(hashNumber(-0));
    expect(hashNumber(1)).not.toBe(hashNumber(2));
    expect(hashText('a')).not.toBe(hashText('a', 1));
  });

  it('spread 400,000 sequential values without a collision', () => {
    const seen = new HashSet53();
    let repeats = 0;
    for (let i = 0; i < 200_000; i++) {
      if (!seen.add(hashText(`C-${i}`))) repeats++;
      if (!seen.add(hashNumber(i + 0.5))) repeats++;
    }
    expect(repeats).toBe(0);
    expect(seen.size).toBe(400_000);
  });
});

describe('hashCells', () => {
  it('separates the cells and their kinds', () => {
    expect(hashCells(['ab', 'c'])).not.toBe(hashCells(['a', 'bc']));
    expect(hashCells(['', 'x'])).not.toBe(hashCells(['x', '']));
    expect(hashCells(['abc'])).not.toBe(hashCells(['ab', 'c']));
    expect(hashCells(['1'])).not.toBe(hashCells([1]));
    expect(hashCells([null])).not.toBe(hashCells(['null']));
    expect(hashCells([true])).not.toBe(hashCells(['true']));
    expect(hashCells(['a', 'b'])).toBe(hashCells(['a', 'b']));
  });

  it('gives distinct hashes to distinct rows of short cells', () => {
    // Every row of three cells from a small alphabet: any collision would show as a repeat.
    const alphabet = ['', 'a', 'b', 'ab', 'ba', 'aa', 'abc', '1', '10'];
    const seen = new HashSet53();
    let rows = 0;
    for (const x of alphabet)
      for (const y of alphabet)
        for (const z of alphabet) {
          rows++;
          expect(seen.add(hashCells([x, y, z]))).toBe(true);
        }
    expect(seen.size).toBe(rows);
  });
});

describe('HashSet53', () => {
  it('behaves as a Set of numbers while it grows', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 53 - 1 }), { maxLength: 500 }), (keys) => {
        const ours = new HashSet53(4);
        const reference = new Set<number>();
        for (const key of keys) {
          // 0 and 1 share a slot by design; keep the reference consistent with that.
          const normal = key === 0 ? 1 : key;
          expect(ours.add(key)).toBe(!reference.has(normal));
          reference.add(normal);
        }
        expect(ours.size).toBe(reference.size);
      }),
    );
  });
});
