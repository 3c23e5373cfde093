/**
 * Seeded randomness for the sketches' tests and benchmark: core owns no randomness, so tests make
 * their own, reproducibly. mulberry32 is tiny, fast and passes the usual statistical batteries well
 * enough for generating test data; it is not for anything security-related.
 */

/** A generator of uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal variate by Box–Muller (one of the pair; simplicity over speed). */
export function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export type DistributionName = 'uniform' | 'normal' | 'lognormal' | 'heavy-ties' | 'sorted' | 'reverse-sorted';

export const DISTRIBUTIONS: readonly DistributionName[] = ['uniform', 'normal', 'lognormal', 'heavy-ties', 'sorted', 'reverse-sorted'];

/** n values of a named test distribution; "heavy ties" has 10 distinct values, 60% of them one value. */
export function sample(name: DistributionName, n: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (name) {
      case 'uniform':
        out[i] = random();
        break;
      case 'normal':
        out[i] = normal(random);
        break;
      case 'lognormal':
        out[i] = Math.exp(normal(random));
        break;
      case 'heavy-ties':
        out[i] = random() < 0.6 ? 3 : Math.floor(random() * 10);
        break;
      case 'sorted':
      case 'reverse-sorted':
        out[i] = random();
        break;
    }
  }
  if (name === 'sorted') out.sort();
  if (name === 'reverse-sorted') out.sort().reverse();
  return out;
}

/**
 * The worst normalised rank error of a sketch's rank function over every distinct value of the
 * data (the points where the true CDF jumps, which is where the error peaks), against exact ranks.
 */
export function worstRankError(data: Float64Array, rank: (x: number) => number): number {
  const sorted = Float64Array.from(data).sort();
  const n = sorted.length;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && sorted[i + 1] === sorted[i]) continue;
    const error = Math.abs(rank(sorted[i]!) - (i + 1) / n);
    if (error > worst) worst = error;
  }
  return worst;
}
