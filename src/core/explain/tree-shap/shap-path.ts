/**
 * The feature path TreeSHAP carries from the root to a leaf (Lundberg, Erion et al. 2020, Algorithm 2):
 * for every distinct feature split on so far, the fraction of training cover that flows down the path
 * when the feature is absent (zero) and whether the row itself flows down it when present (one), plus
 * the permutation weights of each subset size. The paths of every depth live in one buffer, each
 * depth's copy after its parent's, so the recursion allocates nothing. An element is four adjacent
 * numbers (feature, zero, one, weight): copying a path is then one contiguous copyWithin.
 */
export const STRIDE = 4;
export const FEATURE = 0;
export const ZERO = 1;
export const ONE = 2;
export const WEIGHT = 3;

/** A buffer deep enough for trees of `maxDepth` splits: the triangle of path copies shap's C++ uses. */
export function createShapPath(maxDepth: number): Float64Array {
  // Depth d's copy starts after the copies of depths 0..d-1, one element longer each; one level spare.
  const levels = maxDepth + 3;
  return new Float64Array(((levels * (levels + 1)) / 2) * STRIDE);
}

/** 1/k for k up to the deepest path: the recursion multiplies where Algorithm 2 divides. */
export function reciprocals(maxDepth: number): Float64Array {
  return Float64Array.from({ length: maxDepth + 4 }, (_, k) => (k === 0 ? 0 : 1 / k));
}

/** EXTEND: adds a feature with its zero and one fractions at position `depth` of the path starting at element `at`. */
export function extendPath(path: Float64Array, at: number, depth: number, zero: number, one: number, feature: number): void {
  const base = at * STRIDE;
  const end = base + depth * STRIDE;
  path[end + FEATURE] = feature;
  path[end + ZERO] = zero;
  path[end + ONE] = one;
  path[end + WEIGHT] = depth === 0 ? 1 : 0;
  const scale = 1 / (depth + 1);
  for (let i = depth - 1; i >= 0; i--) {
    const w = base + i * STRIDE + WEIGHT;
    path[w + STRIDE]! += one * path[w]! * (i + 1) * scale;
    path[w] = zero * path[w]! * (depth - i) * scale;
  }
}

/** UNWIND: removes the element at `index` from the path of length depth + 1, undoing its EXTEND. */
export function unwindPath(path: Float64Array, at: number, depth: number, index: number): void {
  const base = at * STRIDE;
  const oneFraction = path[base + index * STRIDE + ONE]!;
  const zeroFraction = path[base + index * STRIDE + ZERO]!;
  let nextOnePortion = path[base + depth * STRIDE + WEIGHT]!;
  const scale = depth + 1;
  for (let i = depth - 1; i >= 0; i--) {
    const w = base + i * STRIDE + WEIGHT;
    if (oneFraction !== 0) {
      const kept = path[w]!;
      path[w] = (nextOnePortion * scale) / ((i + 1) * oneFraction);
      nextOnePortion = kept - (path[w]! * zeroFraction * (depth - i)) / scale;
    } else {
      path[w] = (path[w]! * scale) / (zeroFraction * (depth - i));
    }
  }
  for (let i = base + index * STRIDE; i < base + depth * STRIDE; i += STRIDE) {
    path[i + FEATURE] = path[i + STRIDE + FEATURE]!;
    path[i + ZERO] = path[i + STRIDE + ZERO]!;
    path[i + ONE] = path[i + STRIDE + ONE]!;
  }
}

/**
 * The total permutation weight the path would have with element `index` unwound, without changing it.
 * `inverse` is reciprocals(): this runs depth times at every leaf, the walk's innermost loop.
 */
export function unwoundPathSum(path: Float64Array, at: number, depth: number, index: number, inverse: Float64Array): number {
  const base = at * STRIDE;
  const oneFraction = path[base + index * STRIDE + ONE]!;
  const zeroFraction = path[base + index * STRIDE + ZERO]!;
  const scale = depth + 1;
  let total = 0;
  if (oneFraction !== 0) {
    let nextOnePortion = path[base + depth * STRIDE + WEIGHT]!;
    const perOne = scale / oneFraction;
    const zeroScale = zeroFraction * inverse[scale]!;
    for (let i = depth - 1; i >= 0; i--) {
      const portion = nextOnePortion * perOne * inverse[i + 1]!;
      total += portion;
      nextOnePortion = path[base + i * STRIDE + WEIGHT]! - portion * zeroScale * (depth - i);
    }
  } else if (zeroFraction !== 0) {
    for (let i = depth - 1; i >= 0; i--) total += path[base + i * STRIDE + WEIGHT]! * inverse[depth - i]!;
    total = (total * scale) / zeroFraction;
  }
  return total;
}
