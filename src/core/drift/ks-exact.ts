/**
 * Exact null distribution of the two-sample two-sided Kolmogorov–Smirnov statistic, by counting
 * lattice paths (Hodges 1958). With g = gcd(n1, n2) and lcm = n1·n2/g, a statistic D is h/lcm for
 * an integer h, and P(D >= h/lcm) is the share of the C(n1+n2, n1) monotone paths from (0,0) to
 * (n1,n2) that touch one of the lines |x/n1 - y/n2| = h/lcm.
 */

/**
 * Equal sizes (n1 = n2 = n): the reflection-principle series
 * 2·sum_k (-1)^(k+1) C(2n, n-kh)/C(2n, n), evaluated Horner-like from the last term so the
 * alternating sum does not cancel.
 */
export function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    // C(2n, n-(k+1)h)/C(2n, n-kh) written as a product of h simple factors.
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * Unequal sizes: walks the lattice column by column keeping, for each point strictly inside the
 * band, the probability that a path reaching it has already left the band (Viehmann 2021's
 * recursion for 1 - p). Computing the complement directly keeps small p-values accurate, and every
 * value stays in [0, 1], so nothing overflows. Only the band's window of each column is stored.
 */
export function probabilityOutsideBand(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  // Column 0: the points inside the band have not left it (0); those beyond already have (1).
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    // A path reaches (i, j) from (i-1, j) or (i, j-1), in proportions i/(i+j) and j/(i+j).
    let below = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      below = ((column[jj + minJ - lastMinJ] as number) * i + below * j) / (i + j);
      column[jj] = below;
    }
    currentLength = maxJ - minJ;
    // Points that slid out of the window above are outside the band: mark them as having left.
    if (lastLength > currentLength) column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1] as number;
}
