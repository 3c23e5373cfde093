import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { treeText } from './testing/model-text-builder.ts';
import type { TreeText } from './testing/model-text-builder.ts';
import { missingType, parseLightGbmTree } from './parse-lightgbm-tree.ts';

/** The `key=value` lines of a tree block, as the model parser hands them over. */
function lines(tree: TreeText, edit: (line: string) => string | null = (line) => line): string[] {
  return treeText(tree, 0)
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map(edit)
    .filter((line): line is string => line !== null);
}

const threeLeaves: TreeText = {
  split_feature: [0, 2],
  threshold: [0.5, -1.25],
  decision_type: [2, 8],
  left_child: [1, -1],
  right_child: [-3, -2],
  leaf_value: [1, 2, 3],
};

describe('parseLightGbmTree', () => {
  it('reads the structure into typed arrays', () => {
    const tree = parseLightGbmTree(lines(threeLeaves), 0, 3);
    expect(tree.numLeaves).toBe(3);
    expect([...tree.splitFeature]).toEqual([0, 2]);
    expect([...tree.threshold]).toEqual([0.5, -1.25]);
    expect([...tree.decisionType]).toEqual([2, 8]);
    expect([...tree.leftChild]).toEqual([1, -1]);
    expect([...tree.rightChild]).toEqual([-3, -2]);
    expect([...tree.leafValue]).toEqual([1, 2, 3]);
    expect(tree.linear).toBeUndefined();
    expect(missingType(8)).toBe(2);
  });

  it('reads infinite thresholds (splits on missingness)', () => {
    const tree = parseLightGbmTree(lines({ ...threeLeaves, threshold: [Infinity, -Infinity] }), 0, 3);
    expect([...tree.threshold]).toEqual([Infinity, -Infinity]);
  });

  it('reads a single-leaf tree, whose split fields are empty', () => {
    const tree = parseLightGbmTree(lines({ leaf_value: [0.08] }), 0, 3);
    expect(tree.numLeaves).toBe(1);
    expect(tree.splitFeature).toHaveLength(0);
    expect([...tree.leafValue]).toEqual([0.08]);
  });

  it('reads categorical bitsets', () => {
    const tree = parseLightGbmTree(
      lines({ ...threeLeaves, decision_type: [1, 8], threshold: [0, -1.25], cat_boundaries: [0, 2], cat_threshold: [5, 4294967295] }),
      0,
      3,
    );
    expect([...tree.catBoundaries]).toEqual([0, 2]);
    expect([...tree.catThreshold]).toEqual([5, 4294967295]);
  });

  it('reads linear leaves, padded with spaces as LightGBM writes them', () => {
    const extra = { is_linear: '1', leaf_const: '0.5 1 2', num_features: '2 0 1', leaf_features: '0 2  1 ', leaf_coeff: '0.1 0.2  0.3 ' };
    const tree = parseLightGbmTree(lines({ ...threeLeaves, extra }), 0, 3);
    expect([...tree.linear!.termStart]).toEqual([0, 2, 2, 3]);
    expect([...tree.linear!.termFeature]).toEqual([0, 2, 1]);
    expect([...tree.linear!.termCoeff]).toEqual([0.1, 0.2, 0.3]);
    expect([...tree.linear!.leafConst]).toEqual([0.5, 1, 2]);
  });

  it.each([
    ['a missing field', (l: string) => (l.startsWith('leaf_value=') ? null : l), /Tree=4 is missing the field 'leaf_value'/],
    ['a short list', (l: string) => (l.startsWith('threshold=') ? 'threshold=0.5' : l), /Tree=4 threshold has 1 values, expected 2/],
    [
      'a feature beyond max_feature_idx',
      (l: string) => (l.startsWith('split_feature=') ? 'split_feature=0 3' : l),
      /split_feature\[1\] is 3, expected an integer from 0 to 2/,
    ],
    [
      'an unknown missing type',
      (l: string) => (l.startsWith('decision_type=') ? 'decision_type=2 12' : l),
      /decision_type\[1\] is 12, which has an unknown missing type/,
    ],
    ['a leaf used twice', (l: string) => (l.startsWith('right_child=') ? 'right_child=-3 -1' : l), /leaf 0 has 2 parents/],
    ['a cycle back to the root', (l: string) => (l.startsWith('left_child=') ? 'left_child=1 0' : l), /child pointing at the root/],
    ['a child out of range', (l: string) => (l.startsWith('left_child=') ? 'left_child=1 -4' : l), /left_child\[1\] is -4/],
    ['an infinite leaf', (l: string) => (l.startsWith('leaf_value=') ? 'leaf_value=1 inf 3' : l), /leaf_value\[1\] is 'inf'/],
    ['a non-numeric leaf', (l: string) => (l.startsWith('leaf_value=') ? 'leaf_value=1 nan 3' : l), /leaf_value\[1\] is 'nan'/],
    ['a duplicated field', (l: string) => (l.startsWith('shrinkage=') ? 'num_leaves=3' : l), /has the field 'num_leaves' twice/],
  ])('refuses %s', (_, edit, message) => {
    expect(() => parseLightGbmTree(lines(threeLeaves, edit), 4, 3)).toThrow(ModelLoadError);
    expect(() => parseLightGbmTree(lines(threeLeaves, edit), 4, 3)).toThrow(message);
  });

  it('refuses inconsistent categorical bitsets', () => {
    const categorical = { ...threeLeaves, decision_type: [1, 8], threshold: [0, -1.25], cat_boundaries: [0, 2], cat_threshold: [5, 1] };
    expect(() => parseLightGbmTree(lines({ ...categorical, cat_threshold: [5] }), 0, 3)).toThrow(
      /cat_threshold has 1 values, cat_boundaries expects 2/,
    );
    expect(() => parseLightGbmTree(lines({ ...categorical, threshold: [1, -1.25] }), 0, 3)).toThrow(
      /categorical node 0 has threshold 1, expected a bitset index from 0 to 0/,
    );
    expect(() => parseLightGbmTree(lines({ ...categorical, cat_boundaries: [1, 2] }), 0, 3)).toThrow(/cat_boundaries must start at 0/);
  });

  it('refuses linear leaves whose term lists disagree with num_features', () => {
    const extra = { is_linear: '1', leaf_const: '0.5 1 2', num_features: '2 0 1', leaf_features: '0 2', leaf_coeff: '0.1 0.2 0.3' };
    expect(() => parseLightGbmTree(lines({ ...threeLeaves, extra }), 0, 3)).toThrow(/leaf_features has 2 values, expected 3/);
  });
});
