import type { SeededRandom } from '../seeded-random.ts';

/**
 * Draws from Binomial(n, p) in time that does not grow with n, so a bootstrap can resample a million rows as a few
 * cell counts (count-resample.ts) instead of a million row indexes.
 *
 * Two regimes, as TensorFlow's and numpy's samplers split them:
 * - mean n·min(p, 1−p) below 10: the waiting-time method (sum geometric gaps until they pass n; the number of
 *   whole gaps is binomial), exact and O(n·p) steps, which is at most about 10 here;
 * - otherwise BTRS, Hörmann's transformed rejection with squeeze ("The generation of binomial random variates",
 *   J. Statist. Comput. Simul. 46, 1993): a uniform proposal through a transformation close to the binomial's
 *   inverse distribution function, accepted by a cheap box test about 85% of the time and else by the exact
 *   log-density ratio with Stirling tails. Exact in distribution; about 1.15 pairs of uniforms per draw.
 * p above ½ draws n − Binomial(n, 1 − p), which keeps both methods in the range they are stated for.
 */
export function sampleBinomial(random: SeededRandom, n: number, p: number): number {
  if (!(n >= 0 && Number.isInteger(n))) throw new RangeError(`sampleBinomial needs a whole n ≥ 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`sampleBinomial needs p in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - sampleBinomial(random, n, 1 - p);
  return n * p < 10 ? waitingTime(random, n, p) : btrs(random, n, p);
}

/** Counts the geometric gaps (trials up to a success) that fit in n trials. */
function waitingTime(random: SeededRandom, n: number, p: number): number {
  const logQ = Math.log1p(-p);
  let trials = 0;
  let successes = 0;
  for (;;) {
    // 1 − U is in (0, 1], so the logarithm is finite; a gap is at least one trial.
    const gap = Math.max(1, Math.ceil(Math.log(1 - random.nextFloat()) / logQ));
    trials += gap;
    if (trials > n) return successes;
    successes++;
  }
}

function btrs(random: SeededRandom, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = random.nextFloat() - 0.5;
    let v = random.nextFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    // The box where the hat lies under the density: accept without logarithms.
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    // log of f(k)/f(m) for the binomial density f, against which the scaled hat's v is compared.
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** log k! for k below 10, where Stirling's series is least accurate. */
const SMALL_LOG_FACTORIALS = [
  0, 0, 0.6931471805599453, 1.791759469228055, 3.1780538303479458, 4.787491742782046, 6.579251212010101, 8.525161361065415,
  10.60460290274525, 12.801827480081469,
];

/** log k! by Stirling's series with three terms (k ≥ 10: the first term left out is below 3e-11). */
function logFactorial(k: number): number {
  if (k < 10) return SMALL_LOG_FACTORIALS[k]!;
  const k1 = k + 1;
  const inv = 1 / k1;
  const inv2 = inv * inv;
  return (k1 - 0.5) * Math.log(k1) - k1 + 0.9189385332046728 + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}
