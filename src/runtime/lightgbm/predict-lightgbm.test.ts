import { describe, expect, it } from 'vitest';
import { flattenForest } from './flatten-forest.ts';
import { modelText, utf8 } from './testing/model-text-builder.ts';
import type { ModelText, TreeText } from './testing/model-text-builder.ts';
import { parseLightGbmModel } from './parse-lightgbm-model.ts';
import { convertScores, createRowBlock, K_ZERO_THRESHOLD, predictRawScores } from './predict-lightgbm.ts';

/** Raw scores of `rows` (row-major) under a hand-written model. */
function rawScores(model: ModelText, rows: readonly (readonly number[])[]): number[] {
  const parsed = parseLightGbmModel(utf8(modelText(model)));
  const forest = flattenForest(parsed.trees, parsed.featureNames.length, parsed.numTreePerIteration);
  const columns = parsed.featureNames.map((_, f) => Float64Array.from(rows, (row) => row[f] ?? 0));
  const scores = new Float64Array(rows.length * forest.numOutputs);
  predictRawScores(forest, columns, rows.length, scores, createRowBlock(forest));
  return [...scores];
}

/** A stump on f0: leaf 0 (left) is -1, leaf 1 (right) is +1. */
function stump(decisionType: number, threshold: number): TreeText {
  return {
    split_feature: [0],
    threshold: [threshold],
    decision_type: [decisionType],
    left_child: [-1],
    right_child: [-2],
    leaf_value: [-1, 1],
  };
}

const sides = (scores: number[]): string[] => scores.map((s) => (s < 0 ? 'L' : 'R'));
const onF0 = (values: readonly number[]): number[][] => values.map((v) => [v, 0, 0]);

describe('numerical decisions (tree.h NumericalDecision)', () => {
  it('go left when value <= threshold, infinities included', () => {
    expect(sides(rawScores({ trees: [stump(0, 0.5)] }, onF0([0.5, 0.5000001, -3, Infinity, -Infinity])))).toEqual([
      'L',
      'R',
      'L',
      'R',
      'L',
    ]);
  });

  it('an infinite threshold (a split on missingness) sends every number left, NaN to the default side', () => {
    expect(sides(rawScores({ trees: [stump(8, Infinity)] }, onF0([NaN, Infinity, -Infinity, 1e308])))).toEqual(['R', 'L', 'L', 'L']);
  });

  it('missing type None reads NaN as 0, whatever default_left says', () => {
    expect(sides(rawScores({ trees: [stump(0, 0.5)] }, onF0([NaN])))).toEqual(['L']);
    expect(sides(rawScores({ trees: [stump(2, -0.5)] }, onF0([NaN])))).toEqual(['R']);
  });

  it('missing type NaN sends NaN to the default side and compares zero', () => {
    expect(sides(rawScores({ trees: [stump(8, -0.5)] }, onF0([NaN, 0, -1])))).toEqual(['R', 'R', 'L']);
    expect(sides(rawScores({ trees: [stump(10, 0.5)] }, onF0([NaN, 0, 1])))).toEqual(['L', 'L', 'R']);
    expect(sides(rawScores({ trees: [stump(10, -0.5)] }, onF0([NaN])))).toEqual(['L']);
  });

  it('missing type Zero sends zero, values within kZeroThreshold and NaN to the default side', () => {
    const K = K_ZERO_THRESHOLD;
    expect(sides(rawScores({ trees: [stump(4, 0.5)] }, onF0([0, -0, NaN, K, -K, K / 10, 3 * K, 0.3, 1])))).toEqual([
      'R',
      'R',
      'R',
      'R',
      'R',
      'R',
      'L',
      'L',
      'R',
    ]);
    expect(sides(rawScores({ trees: [stump(6, -0.5)] }, onF0([0, NaN, -1, 1])))).toEqual(['L', 'L', 'L', 'R']);
  });

  it('reads values within kZeroThreshold as 0, as the dense-row reader of LightGBM does', () => {
    const K = K_ZERO_THRESHOLD;
    expect(K).toBe(Math.fround(1e-35));
    expect(sides(rawScores({ trees: [stump(0, -K)] }, onF0([-K, -K * 1.5, -K / 2])))).toEqual(['R', 'L', 'R']);
  });
});

describe('categorical decisions (tree.h CategoricalDecision)', () => {
  // Bitset {0, 2, 33}: word 0 = 0b101, word 1 = bit 1.
  const categorical = (decisionType: number): TreeText => ({
    split_feature: [0],
    threshold: [0],
    decision_type: [decisionType],
    left_child: [-1],
    right_child: [-2],
    leaf_value: [-1, 1],
    cat_boundaries: [0, 2],
    cat_threshold: [5, 2],
  });

  it('go left when the truncated category is in the bitset, across words', () => {
    expect(sides(rawScores({ trees: [categorical(1)] }, onF0([0, 1, 2, 2.9, 32, 33, 33.7, 34, 64, 1000])))).toEqual([
      'L',
      'R',
      'L',
      'L',
      'R',
      'L',
      'L',
      'R',
      'R',
      'R',
    ]);
  });

  it('send NaN, negative categories and values beyond int range right; -0.5 truncates to category 0', () => {
    expect(
      sides(rawScores({ trees: [categorical(1)] }, onF0([NaN, -1, -2.5, -0.5, -0, 2 ** 31, 2 ** 32, 2 ** 32 + 2, Infinity, -Infinity]))),
    ).toEqual(['R', 'R', 'R', 'L', 'L', 'R', 'R', 'R', 'R', 'R']);
  });

  it('ignore default_left and the missing type for NaN', () => {
    expect(sides(rawScores({ trees: [categorical(1 | 2 | 8)] }, onF0([NaN, 0])))).toEqual(['R', 'L']);
  });

  it('read each node its own bitset', () => {
    const tree: TreeText = {
      split_feature: [0, 1],
      threshold: [1, 0],
      decision_type: [1, 1],
      left_child: [1, -2],
      right_child: [-1, -3],
      leaf_value: [10, 20, 30],
      cat_boundaries: [0, 1, 2],
      cat_threshold: [1, 4],
    };
    // Node 0 uses bitset 1 ({2}) on f0, node 1 uses bitset 0 ({0}) on f1.
    expect(
      rawScores({ trees: [tree] }, [
        [2, 0, 0],
        [2, 1, 0],
        [0, 0, 0],
      ]),
    ).toEqual([20, 30, 10]);
  });
});

describe('trees and outputs', () => {
  it('a tree with one leaf adds its value to every row', () => {
    expect(rawScores({ trees: [{ leaf_value: [0.25] }, stump(0, 0)] }, onF0([-1, 1]))).toEqual([-0.75, 1.25]);
  });

  it('multiclass trees are interleaved by class, single leaves included', () => {
    const trees = [stump(0, 0), { leaf_value: [0.25] }, { leaf_value: [0.5] }, stump(0, 10)];
    expect(rawScores({ numClass: 2, trees }, onF0([-1, 1]))).toEqual([-0.5, -0.75, 1.5, -0.75]);
  });

  it('linear leaves add their terms, and fall back to the leaf value when a term is NaN', () => {
    const tree: TreeText = {
      ...stump(0, 0),
      extra: { is_linear: '1', leaf_const: '1 -1', num_features: '2 0', leaf_features: '1 2  ', leaf_coeff: '2 3  ' },
    };
    expect(
      rawScores({ trees: [tree] }, [
        [-1, 1, 1],
        [-1, NaN, 1],
        [1, NaN, NaN],
        [-1, 0, 0],
      ]),
    ).toEqual([6, -1, -1, 1]);
  });

  it('gives every row its own answer across row blocks, for narrow and very wide models', () => {
    const rows = Array.from({ length: 150 }, (_, r) => [r % 2 === 0 ? -1 : 1, r % 3 === 0 ? NaN : 0, 0]);
    const expected = rows.map((row) => (row[0]! <= 0 ? -1 : 1) + 0.25);
    expect(rawScores({ trees: [stump(0, 0), { leaf_value: [0.25] }] }, rows)).toEqual(expected);
    const wide = Array.from({ length: 40000 }, (_, f) => `w${f}`);
    const lastFeature: TreeText = { ...stump(0, 0), split_feature: [39999] };
    const wideRows = Array.from({ length: 5 }, (_, r) => Object.assign(new Array<number>(40000).fill(0), { 39999: r - 2 }));
    expect(rawScores({ featureNames: wide, featureInfos: wide.map(() => 'none'), trees: [lastFeature] }, wideRows)).toEqual([
      -1, -1, -1, 1, 1,
    ]);
  });

  it('convertScores averages a random forest before the link; raw scores stay sums', () => {
    const model = parseLightGbmModel(
      utf8(modelText({ objective: 'binary sigmoid:1', averageOutput: true, trees: [stump(0, 0), stump(0, 0)] })),
    );
    const forest = flattenForest(model.trees, 3, 1);
    const scores = new Float64Array(1);
    predictRawScores(forest, [Float64Array.of(1), new Float64Array(1), new Float64Array(1)], 1, scores, createRowBlock(forest));
    expect(scores[0]).toBe(2);
    convertScores(scores, 1, forest, model.objective, model.averageOutput);
    expect(scores[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
  });
});
