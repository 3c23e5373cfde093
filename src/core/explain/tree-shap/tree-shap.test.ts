import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExplainableTree, TreeModel } from '../tree-model.ts';
import { expectedTreeValue, TreeShapWalker, treeDepth } from './tree-shap.ts';

/** A node of a hand-made tree: a split on `feature` at `threshold` (value < threshold goes left), or a leaf. */
type Spec =
  | { readonly leaf: number; readonly cover: number }
  | { readonly feature: number; readonly threshold: number; readonly cover: number; readonly left: Spec; readonly right: Spec };

function build(spec: Spec, output = 0): ExplainableTree {
  const nodes: Spec[] = [];
  const index = new Map<Spec, number>();
  const visit = (node: Spec): void => {
    index.set(node, nodes.length);
    nodes.push(node);
    if ('feature' in node) {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(spec);
  const tree = {
    output,
    feature: new Int32Array(nodes.length).fill(-1),
    left: new Int32Array(nodes.length).fill(-1),
    right: new Int32Array(nodes.length).fill(-1),
    cover: Float64Array.from(nodes, (node) => node.cover),
    value: Float64Array.from(nodes, (node) => ('leaf' in node ? node.leaf : 0)),
    threshold: Float64Array.from(nodes, (node) => ('threshold' in node ? node.threshold : Number.NaN)),
  };
  nodes.forEach((node, i) => {
    if (!('feature' in node)) return;
    tree.feature[i] = node.feature;
    tree.left[i] = index.get(node.left)!;
    tree.right[i] = index.get(node.right)!;
  });
  return tree;
}

function treeModel(trees: readonly ExplainableTree[], featureCount: number): TreeModel {
  return {
    featureCount,
    outputCount: 1,
    baseMargins: new Float64Array(1),
    trees,
    childFor: (t, node, value) => (value < trees[t]!.threshold[node]! ? trees[t]!.left[node]! : trees[t]!.right[node]!),
  };
}

function shap(model: TreeModel, row: Float64Array): Float64Array {
  const phi = new Float64Array(model.featureCount);
  const walker = new TreeShapWalker(model, Math.max(...model.trees.map(treeDepth)));
  model.trees.forEach((_, t) => walker.addTree(t, row, phi, 0));
  return phi;
}

/** E[f | x_S] as path-dependent TreeSHAP defines it: features in S follow the row, others split by cover. */
function conditional(model: TreeModel, t: number, node: number, row: Float64Array, inSet: readonly boolean[]): number {
  const tree = model.trees[t]!;
  const feature = tree.feature[node]!;
  if (feature < 0) return tree.value[node]!;
  if (inSet[feature]) return conditional(model, t, model.childFor(t, node, row[feature]!), row, inSet);
  const [left, right] = [tree.left[node]!, tree.right[node]!];
  return (
    (conditional(model, t, left, row, inSet) * tree.cover[left]! + conditional(model, t, right, row, inSet) * tree.cover[right]!) /
    tree.cover[node]!
  );
}

/** Shapley values of that game by enumerating every coalition: the definition TreeSHAP computes in polynomial time. */
function bruteForce(model: TreeModel, row: Float64Array): Float64Array {
  const n = model.featureCount;
  const value = (mask: number): number => {
    const inSet = Array.from({ length: n }, (_, f) => (mask & (1 << f)) !== 0);
    return model.trees.reduce((sum, _, t) => sum + conditional(model, t, 0, row, inSet), 0);
  };
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & (1 << f)) continue;
      const size = [...Array(n).keys()].filter((g) => mask & (1 << g)).length;
      const weight = (factorial(size) * factorial(n - size - 1)) / factorial(n);
      phi[f]! += weight * (value(mask | (1 << f)) - value(mask));
    }
  }
  return phi;
}

const leaf = (value: number, cover: number): Spec => ({ leaf: value, cover });

describe('TreeShapWalker', () => {
  it('credits a stump’s whole deviation from its expected value to its feature', () => {
    const model = treeModel([build({ feature: 0, threshold: 0.5, cover: 4, left: leaf(-1, 3), right: leaf(3, 1) })], 2);
    expect(expectedTreeValue(model.trees[0]!)).toBe(0);
    expect(Array.from(shap(model, Float64Array.of(1, 0)))).toEqual([3, 0]);
    expect(Array.from(shap(model, Float64Array.of(0, 0)))).toEqual([-1, 0]);
  });

  it('splits an AND of two features equally when their covers are symmetric', () => {
    const inner = (cover: number): Spec => ({
      feature: 1,
      threshold: 0.5,
      cover,
      left: leaf(0, cover / 2),
      right: leaf(cover === 2 ? 1 : 0, cover / 2),
    });
    const and: Spec = { feature: 0, threshold: 0.5, cover: 4, left: { ...inner(2), right: leaf(0, 1) }, right: inner(2) };
    const model = treeModel([build(and)], 2);
    const phi = shap(model, Float64Array.of(1, 1));
    expect(phi[0]).toBeCloseTo(0.375, 12);
    expect(phi[1]).toBeCloseTo(0.375, 12);
  });

  it('equals the Shapley values of the cover-weighted game on random trees, features repeated along paths', () => {
    const featureCount = 4;
    const spec = (depth: number): fc.Arbitrary<Spec> =>
      depth === 0
        ? fc.record({ leaf: fc.double({ min: -5, max: 5, noNaN: true }), cover: fc.integer({ min: 1, max: 50 }) })
        : fc.oneof(
            spec(0),
            fc
              .record({
                feature: fc.integer({ min: 0, max: featureCount - 1 }),
                threshold: fc.double({ min: -1, max: 1, noNaN: true }),
                left: spec(depth - 1),
                right: spec(depth - 1),
              })
              .map((node) => ({ ...node, cover: node.left.cover + node.right.cover })),
          );
    fc.assert(
      fc.property(
        fc.array(spec(5), { minLength: 1, maxLength: 3 }),
        fc.array(fc.double({ min: -1.2, max: 1.2, noNaN: true }), { minLength: featureCount, maxLength: featureCount }),
        (specs, values) => {
          const model = treeModel(
            specs.map((s) => build(s)),
            featureCount,
          );
          const row = Float64Array.from(values);
          const fast = shap(model, row);
          const slow = bruteForce(model, row);
          for (let f = 0; f < featureCount; f++) expect(fast[f]).toBeCloseTo(slow[f]!, 9);
        },
      ),
      { numRuns: 200 },
    );
  });
});
