import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { readModelBytes } from './testing/fixture-cases.ts';
import { modelText, utf8 } from './testing/model-text-builder.ts';
import { parseLightGbmModel } from './parse-lightgbm-model.ts';

const stump = { split_feature: [0], threshold: [0], decision_type: [2], left_child: [-1], right_child: [-2], leaf_value: [-1, 1] };
const parseText = (text: string) => parseLightGbmModel(utf8(text));

describe('parseLightGbmModel on files saved by lightgbm', () => {
  it('reads the header, the trees and the tail', () => {
    const model = parseLightGbmModel(readModelBytes('multiclass.txt'));
    expect(model.numClass).toBe(3);
    expect(model.numTreePerIteration).toBe(3);
    expect(model.trees).toHaveLength(45);
    expect(model.objective.name).toBe('multiclass');
    expect(model.featureNames).toEqual(['Column_0', 'Column_1', 'Column_2', 'Column_3', 'Column_4', 'Column_5', 'Column_6', 'Column_7']);
    expect(model.featureInfos?.[7]).toBe('none');
    expect(model.averageOutput).toBe(false);
    expect(model.categoricalFeatureParameter).toEqual([]);
    expect(model.pandasCategorical).toBeUndefined();
  });

  it('reads average_output, linear trees, single-leaf trees and pandas_categorical', () => {
    expect(parseLightGbmModel(readModelBytes('rf_binary.txt')).averageOutput).toBe(true);
    expect(parseLightGbmModel(readModelBytes('linear_tree.txt')).trees.every((tree) => tree.linear !== undefined)).toBe(true);
    expect(parseLightGbmModel(readModelBytes('single_leaf.txt')).trees.map((tree) => tree.numLeaves)).toEqual([1]);
    const categorical = parseLightGbmModel(readModelBytes('categorical_pandas.txt'));
    expect(categorical.categoricalFeatureParameter).toEqual([1, 3, 4]);
    expect(categorical.pandasCategorical?.map((names) => names.length)).toEqual([5, 40, 3]);
  });

  it('accepts Windows line endings', () => {
    const text = new TextDecoder().decode(readModelBytes('binary_sigmoid.txt')).replace(/\n/g, '\r\n');
    expect(parseText(text).trees).toHaveLength(10);
  });
});

describe('parseLightGbmModel refuses truncated files', () => {
  // Every prefix that ends before `end of trees`, or inside the parameters section, must be refused, never
  // half-loaded. (A file that ends cleanly after `end of trees` is a whole model, as LightGBM itself agrees.)
  for (const file of ['binary_nan.txt', 'categorical_pandas.txt', 'linear_tree.txt', 'multiclass.txt']) {
    it(`${file}: every line boundary and many byte offsets`, () => {
      const text = new TextDecoder().decode(readModelBytes(file));
      const endOfTrees = text.indexOf('end of trees') + 'end of trees'.length - 1;
      const parametersStart = text.indexOf('parameters:') + 'parameters:'.length;
      const parametersEnd = text.indexOf('end of parameters') + 'end of parameters'.length - 1;
      const refused = (at: number): boolean => at < endOfTrees || (at >= parametersStart && at < parametersEnd);
      const cuts = new Set<number>();
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) cuts.add(at).add(at + 1);
      for (let at = 0; at < text.length; at += 37) cuts.add(at);
      let checked = 0;
      for (const cut of [...cuts].filter(refused)) {
        expect(() => parseText(text.slice(0, cut)), `cut at ${cut}`).toThrow(ModelLoadError);
        checked++;
      }
      expect(checked).toBeGreaterThan(500);
      expect(parseText(text.slice(0, endOfTrees + 1)).trees.length).toBeGreaterThan(0);
    });
  }

  it('says what is missing', () => {
    const text = new TextDecoder().decode(readModelBytes('binary_nan.txt'));
    expect(() => parseText(text.slice(0, text.indexOf('end of trees')))).toThrow(
      /the 'end of trees' line is missing \(is the file truncated\?\)/,
    );
    expect(() => parseText(text.slice(0, text.indexOf('Tree=3') + 200))).toThrow(/Tree=3 .*(truncated|missing)/);
    expect(() => parseText(text.slice(0, text.indexOf('[max_bin')))).toThrow(/no 'end of parameters' line/);
    const categorical = new TextDecoder().decode(readModelBytes('categorical_pandas.txt'));
    expect(() => parseText(categorical.slice(0, categorical.length - 20))).toThrow(/pandas_categorical: line is not valid JSON/);
  });
});

describe('parseLightGbmModel refuses corrupt or unsupported files', () => {
  it.each([
    ['JSON', '{"name": "tree"}', /does not start with the line 'tree'/],
    ['an empty file', '', /does not start with the line 'tree'/],
    ['an unknown version', modelText({ header: { version: 'v9' }, trees: [stump] }), /version=v9 is not supported/],
    [
      'a custom objective',
      modelText({ objective: null, trees: [stump] }),
      /no 'objective' line \(trained with a custom objective function\?\)/,
    ],
    ['an unsupported objective', modelText({ objective: 'lambdarank', trees: [stump] }), /objective 'lambdarank' is not supported/],
    [
      'a missing field',
      modelText({ trees: [stump] }).replace(/^max_feature_idx=.*\n/m, ''),
      /the header is missing the field 'max_feature_idx'/,
    ],
    [
      'too few feature names',
      modelText({ featureNames: ['a', 'b'], trees: [stump] }).replace('feature_names=a b', 'feature_names=a'),
      /feature_names has 1 names, expected 2/,
    ],
    ['duplicate feature names', modelText({ featureNames: ['a', 'a'], trees: [stump] }), /feature_names has 'a' twice/],
    ['feature_infos of the wrong length', modelText({ featureInfos: ['none'], trees: [stump] }), /feature_infos has 1 entries, expected 3/],
    [
      'tree count against tree_sizes',
      modelText({ trees: [stump] }).replace(/tree_sizes=\d+/, 'tree_sizes=10 20'),
      /tree_sizes lists 2 trees but the file has 1/,
    ],
    ['trees out of order', modelText({ trees: [stump, stump] }).replace('Tree=1', 'Tree=2'), /found Tree=2 where Tree=1 was expected/],
    [
      'a stray line between trees',
      modelText({ trees: [stump, stump] }).replace('Tree=1', 'garbage\nTree=1'),
      /unexpected line 'garbage' after Tree=0/,
    ],
    ['no trees', modelText({ trees: [] }), /the model has no trees/],
    [
      'trees not a multiple of the classes',
      modelText({ numClass: 2, trees: [stump, stump, stump] }),
      /3 trees, not a multiple of num_tree_per_iteration=2/,
    ],
    [
      'more trees per iteration than classes',
      modelText({ header: { num_tree_per_iteration: '2' }, trees: [stump, stump] }),
      /num_tree_per_iteration=2 differs from num_class=1/,
    ],
    [
      'a split on a feature beyond max_feature_idx',
      modelText({ trees: [{ ...stump, split_feature: [3] }] }),
      /Tree=0 split_feature\[0\] is 3, expected an integer from 0 to 2/,
    ],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseText(text)).toThrow(ModelLoadError);
    expect(() => parseText(text)).toThrow(message);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseLightGbmModel(Uint8Array.of(0x74, 0x72, 0xff, 0xfe))).toThrow(/not UTF-8 text/);
  });

  it('accepts a minimal model written by hand', () => {
    const model = parseText(modelText({ trees: [stump, { leaf_value: [0.5] }] }));
    expect(model.trees.map((tree) => tree.numLeaves)).toEqual([2, 1]);
  });
});
