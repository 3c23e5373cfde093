/**
 * numpy's legacy `RandomState(seed)` as far as scikit-learn's StratifiedShuffleSplit uses it: the
 * Mersenne Twister (MT19937) seeded with one 32-bit integer, and `permutation` (Fisher–Yates from the last
 * element, each index drawn with masked rejection sampling). CBPE decides whether to calibrate on splits
 * drawn with `random_state=42`; drawing the same splits makes that decision the one NannyML makes.
 */
const N = 624;
const M = 397;

export class LegacyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.mt[i] = s;
      // 1812433253 * (s ^ (s >>> 30)) + i + 1, modulo 2^32
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
  }

  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** A uniform integer in [0, max] (numpy's random_interval, for max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** Shuffles in place as numpy's legacy `shuffle` of a 1-D array (a plain or a typed array). */
  shuffle<A extends { length: number; [index: number]: unknown }>(values: A): A {
    for (let i = values.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = values[i]!;
      values[i] = values[j]!;
      values[j] = t;
    }
    return values;
  }

  /**
   * shuffle(values), settling only the last `count` positions: Fisher–Yates from the last element
   * settles one position per step, so those steps are done in full and the rest only draw. The draws
   * are shuffle's, so the generator ends where shuffle would leave it; the first positions are left in
   * no particular order. (The calibration check needs only the held-out end of each class's permutation.)
   */
  shuffleLast(values: Int32Array, count: number): Int32Array {
    const stop = Math.max(values.length - count, 1);
    let i = values.length - 1;
    for (; i >= stop; i--) {
      const j = this.interval(i);
      const t = values[i]!;
      values[i] = values[j]!;
      values[j] = t;
    }
    this.skipShuffle(i + 1);
    return values;
  }

  /** The draws of shuffling `length` values, without the values: advances the generator as shuffle does. */
  skipShuffle(length: number): void {
    for (let i = length - 1; i >= 1; i--) this.interval(i);
  }

  /** `permutation(n)`: a shuffled 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}
