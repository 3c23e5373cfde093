import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { modelText, utf8 } from './testing/model-text-builder.ts';
import type { ModelText } from './testing/model-text-builder.ts';
import { categoricalFeatures, lightGbmSignature } from './lightgbm-signature.ts';
import { parseLightGbmModel } from './parse-lightgbm-model.ts';

const numericStump = { split_feature: [0], threshold: [0], decision_type: [2], left_child: [-1], right_child: [-2], leaf_value: [-1, 1] };
const categoricalStump = { ...numericStump, split_feature: [2], decision_type: [1], cat_boundaries: [0, 1], cat_threshold: [6] };
const parameters = (categorical: string): string[] => ['parameters:', `[categorical_feature: ${categorical}]`, 'end of parameters', ''];
const parse = (model: ModelText) => parseLightGbmModel(utf8(modelText(model)));

describe('categoricalFeatures', () => {
  it('collects the parameter, feature_infos category lists and categorical splits', () => {
    expect(categoricalFeatures(parse({ trees: [numericStump] }))).toEqual([]);
    expect(categoricalFeatures(parse({ trees: [numericStump], tail: parameters('1') }))).toEqual([1]);
    expect(categoricalFeatures(parse({ featureInfos: ['[0:1]', '-1:0:2', 'none'], trees: [numericStump] }))).toEqual([1]);
    expect(categoricalFeatures(parse({ trees: [categoricalStump] }))).toEqual([2]);
    expect(
      categoricalFeatures(parse({ featureInfos: ['[0:1]', '0:1', 'none'], trees: [categoricalStump], tail: parameters('0') })),
    ).toEqual([0, 1, 2]);
  });
});

describe('lightGbmSignature', () => {
  it('describes numeric and categorical inputs in model order, and the output', () => {
    const signature = lightGbmSignature(parse({ objective: 'binary sigmoid:1', featureNames: ['a', 'b', 'c'], trees: [categoricalStump] }));
    expect(signature).toEqual({
      inputs: [
        { name: 'a', type: 'number' },
        { name: 'b', type: 'number' },
        { name: 'c', type: 'category' },
      ],
      output: { kind: 'binary', classes: [0, 1] },
    });
    expect(lightGbmSignature(parse({ numClass: 4, trees: [numericStump, numericStump, numericStump, numericStump] })).output).toEqual({
      kind: 'multiclass',
      classes: [0, 1, 2, 3],
    });
    expect(lightGbmSignature(parse({ objective: 'gamma', trees: [numericStump] })).output).toEqual({ kind: 'regression' });
  });

  it('pairs pandas_categorical lists with categorical features in feature order', () => {
    const tail = [...parameters('0,2'), 'pandas_categorical:[["x", "y"], ["p", "q", "r"]]'];
    const signature = lightGbmSignature(parse({ featureInfos: ['-1:0:1', '[0:1]', '0:1:2'], trees: [categoricalStump], tail }));
    expect(signature.inputs).toEqual([
      { name: 'f0', type: 'category', categories: ['x', 'y'] },
      { name: 'f1', type: 'number' },
      { name: 'f2', type: 'category', categories: ['p', 'q', 'r'] },
    ]);
  });

  it('refuses pandas_categorical lists that cannot be paired with the categorical features', () => {
    // An ordered pandas category column is numeric to LightGBM but still has a list.
    const tail = [...parameters('2'), 'pandas_categorical:[["x", "y"], ["p", "q", "r"]]'];
    expect(() => lightGbmSignature(parse({ trees: [categoricalStump], tail }))).toThrow(ModelLoadError);
    expect(() => lightGbmSignature(parse({ trees: [categoricalStump], tail }))).toThrow(
      /pandas_categorical has 2 category lists but the model has 1 categorical features/,
    );
  });

  it('refuses a pairing whose seen category codes exceed the names', () => {
    const tail = [...parameters('2'), 'pandas_categorical:[["x", "y"]]'];
    expect(() => lightGbmSignature(parse({ featureInfos: ['[0:1]', '[0:1]', '0:1:2'], trees: [categoricalStump], tail }))).toThrow(
      /feature 'f2' has category codes \(0:1:2\) beyond its 2 pandas_categorical names/,
    );
  });

  it('ignores an empty pandas_categorical list (a DataFrame without category columns)', () => {
    const signature = lightGbmSignature(parse({ trees: [categoricalStump], tail: [...parameters('2'), 'pandas_categorical:[]'] }));
    expect(signature.inputs[2]).toEqual({ name: 'f2', type: 'category' });
  });
});
