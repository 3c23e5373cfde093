import { clampProbability } from './binary-scaling.ts';
import { kolmogorovCdfDurbin } from './kolmogorov-durbin.ts';
import { kolmogorovCdfPelzGood } from './kolmogorov-pelz-good.ts';
import { kolmogorovCdfPomeranz } from './kolmogorov-pomeranz.ts';
import { smirnovSf } from './smirnov-distribution.ts';

/**
 * P(D_n >= d) for the one-sample two-sided Kolmogorov–Smirnov statistic with n observations
 * (scipy.stats.kstwo.sf(d, n)). The two-sample KS test's asymptotic p-value is this function at
 * n = round(n1·n2/(n1+n2)).
 *
 * Which method answers depends on n and n·d^2, following Simard and L'Ecuyer (2011) with scipy's
 * cut-offs, so that Ballast's p-values agree with scipy's: closed forms at the two ends
 * (Ruben–Gambino), twice the one-sided tail for large deviations, Durbin's matrix or Pomeranz's
 * recursion for small n, and the Pelz–Good expansion for large n and small d.
 */
export function kolmogorovSf(n: number, d: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  if (d <= 0.5 / n) return 1;
  const t = n * d;
  if (t <= 1) {
    // 1/(2n) < d <= 1/n: P(D_n <= d) = n!/n^n (2t - 1)^n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clampProbability(1 - clampProbability(cdf));
  }
  if (t >= n - 1) return clampProbability(2 * (1 - d) ** n);
  if (d >= 0.5) return clampProbability(2 * smirnovSf(n, d));

  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clampProbability(1 - kolmogorovCdfDurbin(n, d));
    if (nd2 <= 4) return clampProbability(1 - kolmogorovCdfPomeranz(n, d));
    return clampProbability(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clampProbability(2 * smirnovSf(n, d));
  const cdf = n <= 100000 && n * d ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, d) : kolmogorovCdfPelzGood(n, d);
  return clampProbability(1 - cdf);
}

/** Bernoulli-number coefficients B_2j/(2j(2j-1)) of Stirling's series, highest order first. */
const STIRLING_COEFFICIENTS = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];

/** log(n!/n^n) by Stirling's series with n·log(n) removed up front (no cancellation). */
function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  const u = reciprocal / n;
  let series = 0;
  for (const c of STIRLING_COEFFICIENTS) series = series * u + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + reciprocal * series;
}
