/**
 * Helpers for the Kolmogorov–Smirnov distribution code, whose intermediate values leave the range of
 * a double (binomial coefficients near 2^1000, matrix powers near 2^-1000): they are kept as a
 * double times a separately tracked power of two.
 */

/** 2^128 and 2^-128: the rescaling step used while iterating, far from both ends of a double. */
export const TWO_POW_128 = 2 ** 128;
export const TWO_POW_MINUS_128 = 2 ** -128;

/** value * 2^exponent, without the intermediate 2^exponent overflowing or underflowing on its own. */
export function ldexp(value: number, exponent: number): number {
  let result = value;
  let remaining = exponent;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

/** Rounds to the nearest integer, ties to even (as numpy.round does; Math.round sends ties up). */
export function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

export function clampProbability(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
