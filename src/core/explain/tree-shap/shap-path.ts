/**
 * The feature path TreeSHAP carries from the root to a leaf (Lundberg, Erion et al. 2020, Algorithm 2):
 * for every distinct feature split on so far, the fraction of training cover that flows down the path
 * when the feature is absent (zero) and whether the row itself flows down it when present (one), plus
 * the permutation weights of each subset size. The paths of every depth live in one buffer, each
 * depth's copy after its parent's, so the recursion allocates nothing.
 */
export interface ShapPath {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
}

/** A buffer deep enough for trees of `maxDepth` splits: the triangle of path copies shap's C++ uses. */
export function createShapPath(maxDepth: number): ShapPath {
  // Depth d's copy starts after the copies of depths 0..d-1, one element longer each; one level spare.
  const levels = maxDepth + 3;
  const size = (levels * (levels + 1)) / 2;
  return {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
}

/** EXTEND: adds a feature with its zero and one fractions at position `depth` of the path starting at `at`. */
export function extendPath(path: ShapPath, at: number, depth: number, zero: number, one: number, feature: number): void {
  const { weight } = path;
  path.feature[at + depth] = feature;
  path.zero[at + depth] = zero;
  path.one[at + depth] = one;
  weight[at + depth] = depth === 0 ? 1 : 0;
  const scale = depth + 1;
  for (let i = depth - 1; i >= 0; i--) {
    weight[at + i + 1]! += (one * weight[at + i]! * (i + 1)) / scale;
    weight[at + i] = (zero * weight[at + i]! * (depth - i)) / scale;
  }
}

/** UNWIND: removes the element at `index` from the path of length depth + 1, undoing its EXTEND. */
export function unwindPath(path: ShapPath, at: number, depth: number, index: number): void {
  const { weight, feature, zero, one } = path;
  const oneFraction = one[at + index]!;
  const zeroFraction = zero[at + index]!;
  let nextOnePortion = weight[at + depth]!;
  const scale = depth + 1;
  for (let i = depth - 1; i >= 0; i--) {
    if (oneFraction !== 0) {
      const kept = weight[at + i]!;
      weight[at + i] = (nextOnePortion * scale) / ((i + 1) * oneFraction);
      nextOnePortion = kept - (weight[at + i]! * zeroFraction * (depth - i)) / scale;
    } else {
      weight[at + i] = (weight[at + i]! * scale) / (zeroFraction * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    feature[at + i] = feature[at + i + 1]!;
    zero[at + i] = zero[at + i + 1]!;
    one[at + i] = one[at + i + 1]!;
  }
}

/** The total permutation weight the path would have with element `index` unwound, without changing it. */
export function unwoundPathSum(path: ShapPath, at: number, depth: number, index: number): number {
  const { weight } = path;
  const oneFraction = path.one[at + index]!;
  const zeroFraction = path.zero[at + index]!;
  let nextOnePortion = weight[at + depth]!;
  let total = 0;
  const scale = depth + 1;
  for (let i = depth - 1; i >= 0; i--) {
    if (oneFraction !== 0) {
      const portion = (nextOnePortion * scale) / ((i + 1) * oneFraction);
      total += portion;
      nextOnePortion = weight[at + i]! - portion * zeroFraction * ((depth - i) / scale);
    } else if (zeroFraction !== 0) {
      total += weight[at + i]! / zeroFraction / ((depth - i) / scale);
    }
  }
  return total;
}
