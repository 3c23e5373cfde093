import { TWO_POW_128, TWO_POW_MINUS_128, ldexp, clampProbability } from './binary-scaling.ts';

/**
 * P(D_n <= d) for the one-sample two-sided Kolmogorov statistic by Durbin's matrix method in the
 * form of Marsaglia, Tsang and Wang (2003): write n·d = k - h with k an integer and 0 <= h < 1,
 * build an m x m matrix H (m = 2k - 1) and read the k-th diagonal entry of H^n, times n!/n^n.
 * Exact up to rounding; costs O(m^3 log n), so callers use it only where k is small
 * (n·d^2 small), as scipy's kstwo does.
 */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // First column v and last row (v reversed) of H; w[j] = 1/j! along the sub-diagonals.
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  const lastCorrection = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + lastCorrection) * factorial;

  let matrix: Float64Array = new Float64Array(m * m);
  for (let col = 1; col < m; col++) {
    for (let row = col - 1; row < m; row++) matrix[row * m + col] = w[row - col + 1] as number;
  }
  for (let row = 0; row < m; row++) matrix[row * m] = v[row] as number;
  for (let col = 0; col < m; col++) matrix[(m - 1) * m + col] = v[m - 1 - col] as number;

  // Square-and-multiply, rescaling by 2^128 whenever the tracked entry grows past it.
  let power: Float64Array = identity(m);
  let powerExponent = 0;
  let matrixExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, matrix, m);
      powerExponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[(k - 1) * m + (k - 1)] as number) > TWO_POW_128) {
      for (let i = 0; i < matrix.length; i++) matrix[i] = (matrix[i] as number) / TWO_POW_128;
      matrixExponent += 128;
    }
  }

  let p = power[(k - 1) * m + (k - 1)] as number;
  // Multiply by n!/n^n one factor at a time, keeping p away from underflow.
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < TWO_POW_MINUS_128) {
      p *= TWO_POW_128;
      powerExponent -= 128;
    }
  }
  return clampProbability(ldexp(p, powerExponent));
}

function identity(m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) out[i * m + i] = 1;
  return out;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l] as number;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] = (out[i * m + j] as number) + ail * (b[l * m + j] as number);
    }
  }
  return out;
}
