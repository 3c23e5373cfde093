import { symmetricEigen } from '../../linear-algebra/symmetric-eigen.ts';

/**
 * KernelSHAP's weighted least squares with the efficiency constraint (Lundberg & Lee 2017, Theorem 2):
 * find φ minimising Σ_k w_k (v_k − Σ_i z_ki φ_i)² subject to Σ_i φ_i = total, where z_k is coalition k's
 * mask, v_k its mean output minus the base value, and total the row's output minus the base value.
 *
 * As shap does, the constraint is substituted: φ_last = total − Σ_{i<last} φ_i, which turns the problem into
 * an unconstrained one in M − 1 unknowns with columns z_i − z_last and targets v_k − z_k,last · total. Its
 * normal equations are solved by Cholesky; when they are singular (fewer distinct coalitions than features)
 * the pseudo-inverse gives the minimum-norm solution, as shap's fallback to numpy's pinv does.
 */
export function solveKernelShap(
  masks: Uint8Array,
  weights: Float64Array,
  values: ArrayLike<number>,
  featureCount: number,
  total: number,
): Float64Array {
  const m = featureCount;
  const n = m - 1;
  const count = weights.length;
  const normal = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  const row = new Float64Array(n);
  for (let k = 0; k < count; k++) {
    const offset = k * m;
    const last = masks[offset + n]!;
    const w = weights[k]!;
    const target = values[k]! - last * total;
    for (let i = 0; i < n; i++) row[i] = masks[offset + i]! - last;
    for (let i = 0; i < n; i++) {
      const wi = w * row[i]!;
      if (wi === 0) continue;
      rhs[i]! += wi * target;
      for (let j = i; j < n; j++) normal[i * n + j]! += wi * row[j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) normal[i * n + j] = normal[j * n + i]!;
  const solved = choleskySolve(normal, rhs, n) ?? pseudoInverseSolve(normal, rhs, n);
  const phi = new Float64Array(m);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    phi[i] = solved[i]!;
    sum += solved[i]!;
  }
  phi[n] = total - sum;
  return phi;
}

/** Solves A x = b for a symmetric positive definite A; undefined when A is not (numerically) so. */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(a[i * n + i]!));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        // A pivot lost to rounding means the coalitions do not determine every feature: use the pseudo-inverse.
        if (!(sum > largest * 1e-12)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** x = A⁺ b through A's eigen-decomposition, dropping eigenvalues below numpy's pinv cut-off (1e-15 relative). */
function pseudoInverseSolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const cutoff = 1e-15 * Math.max(0, ...Array.from(values, Math.abs));
  const x = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const lambda = values[e]!;
    if (Math.abs(lambda) <= cutoff) continue;
    const v = vectors[e]!;
    let projection = 0;
    for (let i = 0; i < n; i++) projection += v[i]! * b[i]!;
    for (let i = 0; i < n; i++) x[i]! += (projection / lambda) * v[i]!;
  }
  return x;
}
