/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method.
 *
 * Jacobi is slower than tridiagonalisation + QR for big matrices, but Ballast only decomposes
 * small matrices (a covariance matrix over a model's numeric columns, tens to a few hundred), where
 * its simplicity and accuracy are worth more than speed: the eigenvectors are orthonormal to rounding,
 * and for a positive definite matrix that is well conditioned once its diagonal is scaled to 1 (a
 * covariance of columns in very different units) even the smallest eigenvalues come out accurate
 * relative to their own size (Demmel and Veselic, 1992).
 */

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** vectors[i] is the unit eigenvector of values[i]; its largest-magnitude entry is positive. */
  readonly vectors: readonly Float64Array[];
}

const EPSILON = Number.EPSILON;
const MAX_SWEEPS = 60;

/**
 * Decomposes the n x n symmetric matrix given row-major in `matrix`, so that
 * matrix = sum_i values[i] * vectors[i] vectors[i]^T. Only the upper triangle is read.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (!Number.isInteger(n) || n < 0 || matrix.length < n * n) throw new RangeError(`symmetricEigen needs ${n} x ${n} entries`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = matrix[i * n + j]!;
      a[i * n + j] = value;
      a[j * n + i] = value;
    }
  }
  // v holds the accumulated rotations; column j of v (v[r * n + j]) converges to eigenvector j.
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  let frobenius = 0;
  for (let i = 0; i < n * n; i++) frobenius += a[i]! * a[i]!;
  // Entries this far below the whole matrix's size no longer change any eigenvalue in double precision.
  const negligible = Math.sqrt(frobenius) * EPSILON * EPSILON;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        // Skipping entries below eps * sqrt(|app aqq|) is the test that keeps small eigenvalues accurate
        // relative to their own size, not just to the largest one.
        if (apq === 0 || Math.abs(apq) <= EPSILON * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= negligible) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        rotated = true;
        rotate(a, v, n, p, q);
      }
    }
    if (!rotated) break;
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = order.map((j) => {
    const vector = new Float64Array(n);
    let largest = 0;
    for (let r = 0; r < n; r++) {
      vector[r] = v[r * n + j]!;
      if (Math.abs(vector[r]!) > Math.abs(vector[largest]!)) largest = r;
    }
    // Eigenvectors are defined up to sign; fixing it makes stored models reproducible.
    if (vector[largest]! < 0) for (let r = 0; r < n; r++) vector[r] = -vector[r]!;
    return vector;
  });
  return { values, vectors };
}

/** One Jacobi rotation in the (p, q) plane that zeroes a[p][q], applied to a and accumulated into v. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q]!;
  const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
  // t = tan of the rotation angle, the smaller root of t^2 + 2 theta t - 1 = 0 (angle <= pi/4), which
  // keeps the rotation close to the identity; for huge theta, theta^2 would overflow, and t ~ 1/(2 theta).
  const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  // Updating with tau = s / (1 + c) rather than with c directly loses less to rounding.
  const tau = s / (1 + c);

  a[p * n + p] = a[p * n + p]! - t * apq;
  a[q * n + q] = a[q * n + q]! + t * apq;
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let r = 0; r < n; r++) {
    if (r !== p && r !== q) {
      const arp = a[r * n + p]!;
      const arq = a[r * n + q]!;
      const newRp = arp - s * (arq + tau * arp);
      const newRq = arq + s * (arp - tau * arq);
      a[r * n + p] = newRp;
      a[p * n + r] = newRp;
      a[r * n + q] = newRq;
      a[q * n + r] = newRq;
    }
    const vrp = v[r * n + p]!;
    const vrq = v[r * n + q]!;
    v[r * n + p] = vrp - s * (vrq + tau * vrp);
    v[r * n + q] = vrq + s * (vrp - tau * vrq);
  }
}
