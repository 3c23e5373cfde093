import { TWO_POW_128, TWO_POW_MINUS_128, ldexp, clampProbability } from './binary-scaling.ts';

/**
 * P(D_n <= d) for the one-sample two-sided Kolmogorov statistic by Pomeranz's recursion (1974):
 * 2n+1 rows, each the previous row convolved with (almost) Poisson probabilities, the answer n!
 * times the last entry. Exact up to rounding; scipy's kstwo uses it for n <= 140 and
 * 0.754693 < n·d^2 <= 4, and so do we, to give the same p-values.
 */
export function kolmogorovCdfPomeranz(n: number, d: number): number {
  const t = n * d;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const size = 2 * (ll + 1);

  // (g/n)^k/k!, (2g/n)^k/k!, ((1-2g)/n)^k/k!: the only three kernels the rows are convolved with.
  const gPowers = new Float64Array(size);
  const twoGPowers = new Float64Array(size);
  const oneMinusTwoGPowers = new Float64Array(size);
  gPowers[0] = 1;
  twoGPowers[0] = 1;
  oneMinusTwoGPowers[0] = 1;
  for (let k = 1; k < size; k++) {
    gPowers[k] = ((gPowers[k - 1] as number) * (g / n)) / k;
    twoGPowers[k] = ((twoGPowers[k - 1] as number) * ((2 * g) / n)) / k;
    oneMinusTwoGPowers[k] = ((oneMinusTwoGPowers[k - 1] as number) * ((1 - 2 * g) / n)) / k;
  }

  // Two rows suffice; each keeps only its non-zero window, starting at index `start`.
  let previous = new Float64Array(size);
  let current = new Float64Array(size);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1] = rowWindow(0, n, ll, ceilF, roundF);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    let j2: number;
    [j1, j2] = rowWindow(i, n, ll, ceilF, roundF);
    const kernel = i === 1 || i === 2 * n + 1 ? gPowers : i % 2 === 1 ? twoGPowers : oneMinusTwoGPowers;
    const width = j2 - k1 + 1;
    if (width > 0) {
      const offset = k1 - previousStart;
      // Both operands are cut at the row length, as slicing them would.
      const available = Math.max(0, Math.min(size, offset + width) - offset);
      const kernelLength = Math.min(width, size);
      const first = j1 - k1;
      const count = j2 - j1 + 1;
      let max = 0;
      for (let c = 0; c < count; c++) {
        const k = first + c;
        let sum = 0;
        const lo = Math.max(0, k - kernelLength + 1);
        const hi = Math.min(available - 1, k);
        for (let s = lo; s <= hi; s++) sum += (previous[offset + s] as number) * (kernel[k - s] as number);
        current[c] = sum;
        if (sum > max) max = sum;
      }
      if (max > 0 && max < TWO_POW_MINUS_128) {
        for (let c = 0; c < size; c++) current[c] = (current[c] as number) * TWO_POW_128;
        exponent -= 128;
      }
      currentStart = previousStart + j1 - k1;
    }
  }

  let answer = current[n - currentStart] as number;
  for (let k = 1; k <= n; k++) {
    if (Math.abs(answer) > TWO_POW_128) {
      answer *= TWO_POW_MINUS_128;
      exponent += 128;
    }
    answer *= k;
  }
  return clampProbability(ldexp(answer, exponent));
}

/** The first and last non-zero index of row i of the recursion. */
function rowWindow(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
