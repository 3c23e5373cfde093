import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stump, treeJson, type TreeSpec } from '../../../test/fixtures/xgboost/model-builders.ts';
import { flattenTrees } from './flatten-trees.ts';
import { addTreeMargins, hasCode } from './predict-trees.ts';
import type { TreeEnsemble } from './xgboost-model.ts';

function ensemble(trees: readonly TreeSpec[], options: { groups?: readonly number[]; weights?: readonly number[] } = {}): TreeEnsemble {
  const flat = flattenTrees(trees.map(treeJson), 'trees', 2);
  return {
    kind: 'trees',
    treeRoots: flat.treeRoots,
    treeGroups: Int32Array.from(options.groups ?? trees.map(() => 0)),
    treeWeights: options.weights ? Float32Array.from(options.weights) : undefined,
    nodeFeature: flat.nodeFeature,
    nodeValue: flat.nodeValue,
    nodeLeft: flat.nodeLeft,
    nodeMissing: flat.nodeMissing,
    categorical: flat.categorical,
    nodeCover: flat.nodeCover,
  };
}

/** Margins for rows of two features, each starting from `base`. */
function margins(model: TreeEnsemble, rows: ReadonlyArray<readonly [number, number]>, groupCount = 1, base = 0): number[] {
  const features = Float32Array.from(rows.flat());
  const out = new Float32Array(rows.length * groupCount).fill(base);
  addTreeMargins(model, features, 2, rows.length, groupCount, out);
  return Array.from(out);
}

describe('addTreeMargins', () => {
  it('goes left below the threshold, right at or above it, and follows default_left when missing', () => {
    const model = ensemble([stump(0, 0.5, -1, 1)]);
    expect(
      margins(model, [
        [0.4, 0],
        [0.5, 0],
        [0.6, 0],
        [Number.NaN, 0],
        [-Infinity, 0],
        [Infinity, 0],
      ]),
    ).toEqual([-1, 1, 1, -1, -1, 1]);
  });

  it('adds trees to their own group, rounding each sum to float32', () => {
    const model = ensemble([stump(0, 0, 0.1, 0.2), stump(1, 0, 0.3, 0.4), stump(0, 0, 0.5, 0.6)], { groups: [0, 1, 0] });
    const [a, b] = margins(model, [[1, -1]], 2, 0.25);
    expect(a).toBe(Math.fround(Math.fround(0.25 + Math.fround(0.2)) + Math.fround(0.6)));
    expect(b).toBe(Math.fround(0.25 + Math.fround(0.3)));
  });

  it('scales DART trees by their weight', () => {
    const model = ensemble([stump(0, 0, 1, 2), stump(0, 0, 4, 8)], { weights: [0.5, 0.25] });
    expect(
      margins(model, [
        [-1, 0],
        [1, 0],
      ]),
    ).toEqual([1.5, 3]);
  });

  it('sends listed categories right and everything else left', () => {
    const model = ensemble([{ ...stump(1, 0, -1, 1), categorical: { 0: [1, 3] } }]);
    const codes = [0, 1, 2, 3, 4, 1.7, -1, -0.5, 2 ** 24 + 1, 1e9];
    const result = margins(
      model,
      codes.map((code) => [0, code] as const),
    );
    expect(result).toEqual([-1, 1, -1, 1, -1, 1, -1, -1, -1, -1]);
    expect(margins(model, [[0, Number.NaN]])).toEqual([-1]);
  });

  it('gives the same answer whatever block a row falls in', () => {
    const trees = [stump(0, 0, -1, 1), stump(1, 0.25, 2, 3), { ...stump(1, 0, 5, 7), categorical: { 0: [0, 2] } }];
    const model = ensemble(trees);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -2, max: 2 }), fc.integer({ min: -1, max: 3 })), { minLength: 1, maxLength: 200 }),
        (rows) => {
          const together = margins(model, rows);
          rows.forEach((row, i) => expect(margins(model, [row])[0]).toBe(together[i]));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('hasCode', () => {
  const codes = Int32Array.from([9, 2, 5, 7, 11]);
  it('finds codes in a sorted range and truncates fractions', () => {
    // The range [1, 4) holds 2, 5, 7.
    expect([2, 5, 7, 5.9, 7.01].map((v) => hasCode(codes, 1, 4, v))).toEqual([true, true, true, true, true]);
    expect([9, 11, 3, 0, -2, 2 ** 24].map((v) => hasCode(codes, 1, 4, v))).toEqual([false, false, false, false, false, false]);
  });
});
