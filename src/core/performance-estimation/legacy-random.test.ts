import { describe, expect, it } from 'vitest';
import { LegacyRandomState } from './legacy-random.ts';

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('LegacyRandomState.shuffleLast and skipShuffle', () => {
  it('settle the last positions as shuffle does and leave the generator where shuffle leaves it', () => {
    for (const [n, count] of [
      [1000, 100],
      [1000, 0],
      [1000, 1000],
      [1000, 2000],
      [1, 1],
      [2, 1],
      [37, 36],
    ] as const) {
      const full = new LegacyRandomState(42);
      const last = new LegacyRandomState(42);
      const shuffled = full.shuffle(identity(n));
      const settled = last.shuffleLast(identity(n), count);
      const from = Math.max(0, n - count);
      expect(Array.from(settled.subarray(from))).toEqual(Array.from(shuffled.subarray(from)));
      expect(Array.from(settled).sort((a, b) => a - b)).toEqual(Array.from(identity(n)));
      expect(last.nextUint32()).toBe(full.nextUint32());
    }
  });

  it('skipShuffle makes the draws of a shuffle', () => {
    const full = new LegacyRandomState(7);
    const skipped = new LegacyRandomState(7);
    full.shuffle(identity(12_345));
    skipped.skipShuffle(12_345);
    expect(skipped.nextUint32()).toBe(full.nextUint32());
  });
});
