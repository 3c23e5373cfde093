import { describe, expect, it } from 'vitest';
import { flattenForest, NODE_DECISION, NODE_FEATURE, NODE_LEFT, NODE_RIGHT, NODE_STRIDE } from './flatten-forest.ts';
import { modelText, utf8 } from './testing/model-text-builder.ts';
import type { TreeText } from './testing/model-text-builder.ts';
import { parseLightGbmModel } from './parse-lightgbm-model.ts';

const twoSplits: TreeText = {
  split_feature: [0, 1],
  threshold: [0, 1.5],
  decision_type: [1, 2],
  left_child: [1, -1],
  right_child: [-3, -2],
  leaf_value: [1, 2, 3],
  cat_boundaries: [0, 1, 3],
  cat_threshold: [7, 8, 9],
};
const categoricalAt1: TreeText = { ...twoSplits, threshold: [1, 1.5] };

function flatten(trees: readonly TreeText[]) {
  const model = parseLightGbmModel(utf8(modelText({ trees })));
  return flattenForest(model.trees, 3, 1);
}

describe('flattenForest', () => {
  it('gives nodes and leaves global indexes, and a single-leaf tree a leaf as root', () => {
    const forest = flatten([twoSplits, { leaf_value: [9] }, twoSplits]);
    expect([...forest.treeRoot]).toEqual([0, ~3, 2]);
    const field = (offset: number): number[] => Array.from({ length: 4 }, (_, node) => forest.nodes[node * NODE_STRIDE + offset]!);
    expect(field(NODE_LEFT)).toEqual([1, ~0, 3, ~4]);
    expect(field(NODE_RIGHT)).toEqual([~2, ~1, ~6, ~5]);
    expect(field(NODE_FEATURE)).toEqual([0, 1, 0, 1]);
    expect(field(NODE_DECISION)).toEqual([1, 2, 1, 2]);
    expect([...forest.nodeThreshold]).toEqual([0, 1.5, 0, 1.5]);
    expect([...forest.leafValue]).toEqual([1, 2, 3, 9, 1, 2, 3]);
    expect(forest.numTrees).toBe(3);
    expect(forest.linear).toBeUndefined();
  });

  it('points each categorical node at its own bitset in the shared word array', () => {
    const forest = flatten([twoSplits, categoricalAt1]);
    expect([...forest.catWords]).toEqual([7, 8, 9, 7, 8, 9]);
    expect([forest.nodeCatStart[0], forest.nodeCatLength[0]]).toEqual([0, 1]);
    expect([forest.nodeCatStart[2], forest.nodeCatLength[2]]).toEqual([4, 2]);
    expect(forest.nodeCatLength[1]).toBe(0);
  });

  it('lays out linear leaves with global term offsets', () => {
    const linear: TreeText = {
      leaf_value: [5],
      extra: { is_linear: '1', leaf_const: '0.5', num_features: '2', leaf_features: '0 2 ', leaf_coeff: '1 2 ' },
    };
    const forest = flatten([linear, linear]);
    expect([...forest.linear!.termStart]).toEqual([0, 2, 4]);
    expect([...forest.linear!.termFeature]).toEqual([0, 2, 0, 2]);
    expect([...forest.linear!.leafIsLinear]).toEqual([1, 1]);
    expect([...forest.linear!.leafConst]).toEqual([0.5, 0.5]);
  });
});
