import { describe, expect, it } from 'vitest';
import { modelJson, stump } from '../../../test/fixtures/xgboost/model-builders.ts';
import { parseGradientBooster } from './parse-gradient-booster.ts';

type Booster = Record<string, unknown> & { model: Record<string, unknown> };
const PATH = 'learner.gradient_booster';

function boosterOf(spec: Parameters<typeof modelJson>[0]): Booster {
  return (modelJson(spec)['learner'] as { gradient_booster: Booster }).gradient_booster;
}

describe('parseGradientBooster', () => {
  it('reads gbtree trees with their groups', () => {
    const parsed = parseGradientBooster(boosterOf({ trees: [stump(0, 0, 1, 2), stump(1, 0, 3, 4)], treeInfo: [0, 1] }), PATH, 2, 2);
    expect(parsed.booster.kind).toBe('trees');
    if (parsed.booster.kind !== 'trees') return;
    expect(Array.from(parsed.booster.treeGroups)).toEqual([0, 1]);
    expect(parsed.booster.treeWeights).toBeUndefined();
    expect(parsed.catsPath).toBe(`${PATH}.model.cats`);
  });

  it('reads DART trees with their weights', () => {
    const parsed = parseGradientBooster(boosterOf({ booster: 'dart', trees: [stump(0, 0, 1, 2)], weightDrop: [0.6688964] }), PATH, 2, 1);
    if (parsed.booster.kind !== 'trees') throw new Error('expected trees');
    expect(Array.from(parsed.booster.treeWeights!)).toEqual([Math.fround(0.6688964)]);
    expect(parsed.catsPath).toBe(`${PATH}.gbtree.model.cats`);
  });

  it('reads gblinear weights', () => {
    const parsed = parseGradientBooster(boosterOf({ booster: 'gblinear', linearWeights: [1, 2, 3] }), PATH, 2, 1);
    expect(parsed.booster).toEqual({ kind: 'linear', weights: Float32Array.from([1, 2, 3]) });
    expect(() => parseGradientBooster(boosterOf({ booster: 'gblinear', linearWeights: [1, 2] }), PATH, 2, 1)).toThrow(
      `${PATH}.model.weights must have 3 items (found 2)`,
    );
  });

  it('names the boosters it supports', () => {
    expect(() => parseGradientBooster({ name: 'gbforest' }, PATH, 2, 1)).toThrow(
      `${PATH}.name must be one of gbtree, dart, gblinear (found "gbforest")`,
    );
  });

  it('rejects inconsistent tree counts, groups and iteration pointers', () => {
    const noTrees = boosterOf({});
    noTrees.model['gbtree_model_param'] = { num_parallel_tree: '1', num_trees: '0' };
    expect(() => parseGradientBooster(noTrees, PATH, 2, 1)).toThrow(/the model has no trees/);

    const fewer = boosterOf({});
    fewer.model['gbtree_model_param'] = { num_parallel_tree: '1', num_trees: '2' };
    expect(() => parseGradientBooster(fewer, PATH, 2, 1)).toThrow(
      `${PATH}.model.trees must be an array of num_trees = 2 trees (found an array of 1)`,
    );

    expect(() => parseGradientBooster(boosterOf({ treeInfo: [3] }), PATH, 2, 3)).toThrow(
      `${PATH}.model.tree_info[0] must be a whole number from 0 to 2 (found 3)`,
    );

    const pointers = boosterOf({});
    pointers.model['iteration_indptr'] = [0, 2];
    expect(() => parseGradientBooster(pointers, PATH, 2, 1)).toThrow(
      `${PATH}.model.iteration_indptr[1] must be a whole number from 0 to 1 (found 2)`,
    );
    pointers.model['iteration_indptr'] = [0, 0];
    expect(() => parseGradientBooster(pointers, PATH, 2, 1)).toThrow(`${PATH}.model.iteration_indptr must rise from 0 to num_trees = 1`);

    const weights = boosterOf({ booster: 'dart', weightDrop: [1, 1] });
    expect(() => parseGradientBooster(weights, PATH, 2, 1)).toThrow(`${PATH}.weight_drop must have one weight per tree (1) (found 2)`);
  });
});
