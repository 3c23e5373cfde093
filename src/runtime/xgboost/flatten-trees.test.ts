import { describe, expect, it } from 'vitest';
import { stump, treeJson, type TreeSpec } from '../../../test/fixtures/xgboost/model-builders.ts';
import { ModelLoadError } from '../model-runtime.ts';
import { flattenTrees } from './flatten-trees.ts';

const flatten = (trees: readonly TreeSpec[], featureCount = 3) => flattenTrees(trees.map(treeJson), 'trees', featureCount);

describe('flattenTrees', () => {
  it('places the two children of each split side by side, breadth first, across trees', () => {
    // Node ids in XGBoost's order: 0 splits into 2 (left) and 1 (right); 1 splits into 3 and 4.
    const tree: TreeSpec = {
      left: [2, 3, -1, -1, -1],
      right: [1, 4, -1, -1, -1],
      feature: [0, 1, 0, 0, 0],
      value: [0.5, 1.5, 10, 20, 30],
      defaultLeft: [0, 1, 0, 0, 0],
    };
    const flat = flatten([stump(2, 0, -1, 1), tree]);
    expect(Array.from(flat.treeRoots)).toEqual([0, 3]);
    expect(Array.from(flat.nodeFeature)).toEqual([2, -1, -1, 0, -1, 1, -1, -1]);
    expect(Array.from(flat.nodeValue)).toEqual([0, -1, 1, 0.5, 10, 1.5, 20, 30]);
    expect(flat.nodeLeft[3]).toBe(4);
    expect(flat.nodeLeft[5]).toBe(6);
    // Missing values: node 0 of tree 2 defaults right (to flat 5), node 1 defaults left (to flat 6).
    expect(flat.nodeMissing[3]).toBe(5);
    expect(flat.nodeMissing[5]).toBe(6);
    expect(flat.categorical).toBeUndefined();
  });

  it('stores values as float32 and drops nodes no path reaches', () => {
    const tree: TreeSpec = { left: [1, -1, -1, -1], right: [2, -1, -1, -1], feature: [0, 0, 0, 0], value: [0.1, 1, 2, 99] };
    const flat = flatten([tree]);
    expect(flat.nodeValue.length).toBe(3);
    expect(flat.nodeValue[0]).toBe(Math.fround(0.1));
  });

  it('accepts true/false default_left from older writers', () => {
    const flat = flatten([{ ...stump(0, 1, 2, 3), defaultLeft: [false, false, false] }]);
    expect(flat.nodeMissing[0]).toBe(2);
  });

  it('keeps categorical splits with their codes sorted', () => {
    const tree: TreeSpec = { ...stump(1, 0, -1, 1), categorical: { 0: [7, 2, 40] } };
    const flat = flatten([stump(0, 0, 0, 0), tree]);
    expect(flat.categorical).toBeDefined();
    const { start, end, codes } = flat.categorical!;
    expect(start[0]).toBe(-1);
    expect(Array.from(codes.subarray(start[3]!, end[3]!))).toEqual([2, 7, 40]);
    expect([...flat.categoricalFeatures]).toEqual([1]);
  });

  it('rejects trees that loop, share nodes or point outside', () => {
    const loop: TreeSpec = { left: [1, 0, -1], right: [2, 2, -1], feature: [0, 0, 0], value: [0, 0, 0] };
    expect(() => flatten([loop])).toThrow(
      'XGBoost model: trees[0] node 1 must have two children no other node has (found 0 and 2: a cycle or a shared node)',
    );
    const outside: TreeSpec = { left: [1, -1, -1], right: [3, -1, -1], feature: [0, 0, 0], value: [0, 0, 0] };
    expect(() => flatten([outside])).toThrow('trees[0].right_children[0] must be a whole number from -1 to 2 (found 3)');
    const same: TreeSpec = { left: [1, -1, -1], right: [1, -1, -1], feature: [0, 0, 0], value: [0, 0, 0] };
    expect(() => flatten([same])).toThrow(ModelLoadError);
  });

  it('rejects a split on a feature the model does not have', () => {
    expect(() => flatten([stump(5, 0, 0, 0)], 3)).toThrow('trees[0].split_indices[0] must be below num_feature 3 (found 5)');
  });

  it('rejects arrays of the wrong length or type', () => {
    const short = { ...treeJson(stump(0, 0, 0, 0)), split_conditions: [0, 1] };
    expect(() => flattenTrees([short], 'trees', 2)).toThrow('trees[0].split_conditions must have 3 items (found 2)');
    const text = { ...treeJson(stump(0, 0, 0, 0)), split_conditions: [0, '1', 2] };
    expect(() => flattenTrees([text], 'trees', 2)).toThrow('trees[0].split_conditions[1] must be a finite number');
    expect(() => flattenTrees([null], 'trees', 2)).toThrow('trees[0] must be an object');
  });

  it('rejects vector-leaf trees', () => {
    const tree = treeJson(stump(0, 0, 0, 0));
    tree['tree_param'] = { num_nodes: '3', size_leaf_vector: '2' };
    expect(() => flattenTrees([tree], 'trees', 2)).toThrow(/multi_output_tree/);
  });

  it('rejects inconsistent categorical fields', () => {
    const unlisted = { ...treeJson(stump(0, 0, 0, 0)), split_type: [1, 0, 0] };
    expect(() => flattenTrees([unlisted], 'trees', 2)).toThrow(
      'trees[0].split_type[0] is categorical but categories_nodes does not list the node',
    );
    const beyond = { ...treeJson({ ...stump(0, 0, 0, 0), categorical: { 0: [1] } }), categories_sizes: [4] };
    expect(() => flattenTrees([beyond], 'trees', 2)).toThrow(/categories_segments\[0\] with categories_sizes\[0\] must lie within/);
    const negative = { ...treeJson({ ...stump(0, 0, 0, 0), categorical: { 0: [1] } }), categories: [-3] };
    expect(() => flattenTrees([negative], 'trees', 2)).toThrow(/categories\[0\] must be a whole number from 0/);
  });
});
