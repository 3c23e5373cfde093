/**
 * log Γ(x) and the regularised upper incomplete gamma function Q(a, x), which give the chi-square
 * survival function: P(X >= x) for X ~ chi2(k) is Q(k/2, x/2) (scipy.stats.chi2.sf).
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Below this, log Γ is shifted up by the recurrence before Stirling's series is used. */
const STIRLING_FROM = 15;

/** log Γ(x) for x > 0, by Stirling's series (after shifting small x up), about 1e-15 relative. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  let z = x;
  // Γ(x) = Γ(x + k) / (x (x+1) ... (x+k-1)); the product stays far from overflow for k <= 15.
  let product = 1;
  while (z < STIRLING_FROM) {
    product *= z;
    z += 1;
    shift += 1;
  }
  const inverse = 1 / z;
  const inverse2 = inverse * inverse;
  // Bernoulli terms B_2j / (2j (2j-1) z^(2j-1)), j = 1..6, ample at z >= 15.
  const series =
    inverse *
    (1 / 12 + inverse2 * (-1 / 360 + inverse2 * (1 / 1260 + inverse2 * (-1 / 1680 + inverse2 * (1 / 1188 + inverse2 * (-691 / 360360))))));
  const stirling = (z - 0.5) * Math.log(z) - z + HALF_LOG_2PI + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

const EPSILON = 1e-16;
const MAX_ITERATIONS = 100000;
const TINY = 1e-300;

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), for a > 0 and x >= 0. */
export function upperRegularisedGamma(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return 1 - lowerBySeries(a, x, logPrefactor);
  return upperByContinuedFraction(a, x, logPrefactor);
}

/** P(a, x) by its power series; converges quickly for x < a + 1, where P is not tiny next to 1. */
function lowerBySeries(a: number, x: number, logPrefactor: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return Math.min(1, sum * Math.exp(logPrefactor));
}

/**
 * Q(a, x) by Legendre's continued fraction (modified Lentz), for x >= a + 1: it computes Q
 * directly, so small tail probabilities keep their relative accuracy.
 */
function upperByContinuedFraction(a: number, x: number, logPrefactor: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(logPrefactor) * h;
}

/** P(X >= x) for X ~ chi-square with `dof` degrees of freedom (scipy.stats.chi2.sf(x, dof)). */
export function chiSquareSf(x: number, dof: number): number {
  if (x <= 0) return 1;
  return upperRegularisedGamma(dof / 2, x / 2);
}
