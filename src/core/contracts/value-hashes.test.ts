import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashSet53, SequenceHasher, hashNumber, hashText } from './value-hashes.ts';

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

describe('SequenceHasher', () => {
  const hashOf = (parts: readonly string[], tags: readonly number[] = []) => {
    const hasher = new SequenceHasher();
    hasher.start();
    parts.forEach((part, i) => hasher.add(part, tags[i] ?? 0));
    return hasher.end();
  };

  it('separates the parts and their kinds', () => {
    expect(hashOf(['ab', 'c'])).not.toBe(hashOf(['a', 'bc']));
    expect(hashOf(['', 'x'])).not.toBe(hashOf(['x', '']));
    expect(hashOf(['1'], [0])).not.toBe(hashOf(['1'], [1]));
    expect(hashOf(['a', 'b'])).toBe(hashOf(['a', 'b']));
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
