import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { parseFeatures, type FeatureSources } from './parse-features.ts';

const sources = (overrides: Partial<FeatureSources> = {}): FeatureSources => ({
  featureCount: 3,
  fallbackNames: undefined,
  categoricalFeatures: new Set(),
  categoryNames: [undefined, undefined, undefined],
  ...overrides,
});

describe('parseFeatures', () => {
  it('uses the model names and maps XGBoost types to feature types', () => {
    const learner = { feature_names: ['age', 'count', 'colour'], feature_types: ['float', 'int', 'c'] };
    const categoryNames = [undefined, undefined, ['blue', 'red']];
    expect(parseFeatures(learner, 'learner', sources({ categoryNames, fallbackNames: ['x', 'y', 'z'] }))).toEqual([
      { name: 'age', type: 'number' },
      { name: 'count', type: 'integer' },
      { name: 'colour', type: 'category', categories: ['blue', 'red'] },
    ]);
    const codes = parseFeatures({ feature_names: ['a', 'b', 'c'], feature_types: ['q', 'i', 'float'] }, 'learner', sources());
    expect(codes.map((feature) => feature.type)).toEqual(['number', 'integer', 'number']);
  });

  it('names unnamed features f0..fN-1, or by the names given', () => {
    expect(parseFeatures({ feature_names: [], feature_types: [] }, 'learner', sources()).map((f) => f.name)).toEqual(['f0', 'f1', 'f2']);
    expect(parseFeatures({}, 'learner', sources({ fallbackNames: ['x', 'y', 'z'] })).map((f) => f.name)).toEqual(['x', 'y', 'z']);
    expect(() => parseFeatures({}, 'learner', sources({ fallbackNames: ['x'] }))).toThrow(
      'XGBoost model has 3 unnamed features but 1 feature names were given; give exactly 3',
    );
  });

  it('makes a feature split by category a category even without feature_types', () => {
    const specs = parseFeatures({}, 'learner', sources({ categoricalFeatures: new Set([1]) }));
    expect(specs[1]).toEqual({ name: 'f1', type: 'category' });
  });

  it('rejects names and types that do not fit the model', () => {
    expect(() => parseFeatures({ feature_names: ['a', 'b'] }, 'learner', sources())).toThrow(
      'learner.feature_names must name all 3 features (num_feature) (found 2)',
    );
    expect(() => parseFeatures({ feature_types: ['float'] }, 'learner', sources())).toThrow(ModelLoadError);
    expect(() => parseFeatures({ feature_names: ['a', 'b', 'a'] }, 'learner', sources())).toThrow(
      'learner.feature_names must be distinct (found "a")',
    );
    expect(() => parseFeatures({ feature_types: ['float', 'str', 'c'] }, 'learner', sources())).toThrow(
      'learner.feature_types[1] must be one of float, q, int, i, c (found "str")',
    );
    expect(() => parseFeatures({ feature_names: [1, 2, 3] }, 'learner', sources())).toThrow('learner.feature_names[0] must be a string');
  });
});
