/**
 * The two-sided z test of a difference of two means (Welch's form: each side brings its own
 * variance), and the normal tail it needs. Reconstruction errors are averaged over many rows, so
 * the difference of the means is close to normal whatever the errors' own distribution.
 */

/** P(|Z| >= |z|) for a standard normal Z, i.e. erfc(|z| / sqrt 2). 0 only where it underflows. */
export function twoSidedNormalPValue(z: number): number {
  if (Number.isNaN(z)) return 1;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * The p-value for "the means are equal", given both means and the variance of each mean
 * (variance / count per side). A zero standard error makes any difference certain.
 */
export function welchZTestPValue(meanA: number, varianceOfMeanA: number, meanB: number, varianceOfMeanB: number): number {
  const difference = meanA - meanB;
  const standardError = Math.sqrt(varianceOfMeanA + varianceOfMeanB);
  if (difference === 0) return 1;
  if (!(standardError > 0)) return 0;
  return twoSidedNormalPValue(difference / standardError);
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The complementary error function for x >= 0, to about 1e-12 relative error (tested against scipy).
 * Below 2.5: erfc = 1 - erf with erf from its series of positive terms
 *   erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1 * 3 * ... * (2n+1)),
 * which has no cancellation (the alternating Taylor series loses digits as x grows), and erfc >= 4e-4
 * there, so the subtraction costs few digits. From 2.5: the continued fraction
 *   erfc(x) = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
 * which converges quickly for large x, evaluated by the modified Lentz method.
 */
function erfc(x: number): number {
  if (x === Infinity) return 0;
  if (x < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
