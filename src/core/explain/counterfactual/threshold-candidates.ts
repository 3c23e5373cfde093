import type { TreeModel } from '../tree-model.ts';

/**
 * The values of one feature where a tree ensemble's output can change: for every numeric split on
 * it, the value nearest the threshold on each side, as the framework itself decides the side
 * (`childFor`: XGBoost's `<` in float32, LightGBM's `<=` in float64, whole numbers for integer
 * features). Between two neighbouring thresholds the model's output does not depend on the feature,
 * so these values represent every reachable output, and each is the nearest point of its interval
 * to an original value beyond that threshold: an exact search needs nothing else.
 * Each value is then stripped of float noise where every split on the feature still sends it the
 * same way (0.30000001 → 0.3), for people reading it.
 */
export function thresholdCandidates(model: TreeModel, feature: number, integer: boolean): number[] {
  const splits: { tree: number; node: number }[] = [];
  model.trees.forEach((tree, t) => {
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node] === feature && !Number.isNaN(tree.threshold[node]!)) splits.push({ tree: t, node });
    }
  });
  const raw = new Set<number>();
  for (const { tree, node } of splits) {
    const threshold = model.trees[tree]!.threshold[node]!;
    const left = model.trees[tree]!.left[node]!;
    let nearestLeft: number | undefined;
    let nearestRight: number | undefined;
    for (const probe of probesAround(threshold, integer)) {
      if (model.childFor(tree, node, probe) === left) {
        if (nearestLeft === undefined || probe > nearestLeft) nearestLeft = probe;
      } else if (nearestRight === undefined || probe < nearestRight) nearestRight = probe;
    }
    if (nearestLeft !== undefined) raw.add(nearestLeft);
    if (nearestRight !== undefined) raw.add(nearestRight);
  }
  const route = (value: number) => splits.map(({ tree, node }) => model.childFor(tree, node, value)).join(',');
  const shortened = new Set<number>();
  for (const value of raw) shortened.add(integer ? value : shortest(value, route));
  return [...shortened].sort((a, b) => a - b);
}

/** Candidate values on both sides of a threshold, close enough to catch float32 and float64 comparisons. */
function probesAround(threshold: number, integer: boolean): number[] {
  if (integer) {
    const below = Math.floor(threshold);
    return [below - 1, below, below + 1, below + 2];
  }
  return [threshold, nextDown(threshold), nextUp(threshold), nextFloat32(threshold, -1), nextFloat32(threshold, 1)];
}

function shortest(value: number, route: (value: number) => string): number {
  const target = route(value);
  for (let digits = 1; digits <= 16; digits++) {
    const rounded = Number(value.toPrecision(digits));
    // Only float noise is dropped (0.30000001 is float32's 0.3): a value moved further would no longer
    // be the nearest of its interval.
    if (Math.abs(rounded - value) <= 1e-6 * Math.abs(value) && route(rounded) === target) return rounded;
  }
  return value;
}

const view = new DataView(new ArrayBuffer(8));

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}

function nextDown(x: number): number {
  return -nextUp(-x);
}

/** The float32 next to `x` (rounded to float32 first) in direction `sign`. */
function nextFloat32(x: number, sign: 1 | -1): number {
  const f = Math.fround(x);
  if (f === 0) return sign * 1.401298464324817e-45;
  view.setFloat32(0, f);
  const bits = view.getInt32(0);
  view.setInt32(0, bits + (f > 0 === sign > 0 ? 1 : -1));
  return view.getFloat32(0);
}
