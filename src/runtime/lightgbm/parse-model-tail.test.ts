import { describe, expect, it } from 'vitest';
import { parseModelTail } from './parse-model-tail.ts';

const names = ['age', 'color', 'city'];
const parameters = (...lines: string[]): string[] => [
  'feature_importances:',
  'age=3',
  '',
  'parameters:',
  '[boosting: gbdt]',
  ...lines,
  'end of parameters',
  '',
];

describe('parseModelTail', () => {
  it('reads categorical_feature as indexes or as names', () => {
    expect(parseModelTail(parameters('[categorical_feature: 1,2]'), names).categoricalFeatureParameter).toEqual([1, 2]);
    expect(parseModelTail(parameters('[categorical_feature: name:city,color]'), names).categoricalFeatureParameter).toEqual([2, 1]);
    expect(parseModelTail(parameters('[categorical_feature: ]'), names).categoricalFeatureParameter).toEqual([]);
    expect(parseModelTail(parameters(), names).categoricalFeatureParameter).toBeUndefined();
    expect(parseModelTail([], names).categoricalFeatureParameter).toBeUndefined();
  });

  it('refuses categorical_feature entries that name no feature', () => {
    expect(() => parseModelTail(parameters('[categorical_feature: 3]'), names)).toThrow(
      /parameter categorical_feature is 3, expected an integer from 0 to 2/,
    );
    expect(() => parseModelTail(parameters('[categorical_feature: name:town]'), names)).toThrow(
      /names 'town', which is not one of feature_names/,
    );
  });

  it('reads pandas_categorical, turning numeric names into strings', () => {
    const tail = parseModelTail([...parameters(), 'pandas_categorical:[["red", "green"], [10, 2.5]]', ''], names);
    expect(tail.pandasCategorical).toEqual([
      ['red', 'green'],
      ['10', '2.5'],
    ]);
    expect(parseModelTail([...parameters(), 'pandas_categorical:null'], names).pandasCategorical).toBeUndefined();
    expect(parseModelTail([...parameters(), 'pandas_categorical:[]'], names).pandasCategorical).toEqual([]);
  });

  it('refuses a malformed pandas_categorical line', () => {
    const tail = (json: string) => () => parseModelTail([...parameters(), `pandas_categorical:${json}`], names);
    expect(tail('[["red", "gr')).toThrow(/pandas_categorical: line is not valid JSON \(is the file truncated\?\)/);
    expect(tail('{"a": 1}')).toThrow(/must be a JSON list of category lists/);
    expect(tail('["red"]')).toThrow(/entry 0 must be a list of category names/);
    expect(tail('[[null]]')).toThrow(/entry 0 holds null/);
    expect(tail('[["a", "a"]]')).toThrow(/entry 0 repeats a category name/);
    expect(() => parseModelTail(['pandas_categorical:null', 'pandas_categorical:null'], names)).toThrow(/2 'pandas_categorical:' lines/);
  });

  it('refuses a parameters section without its end', () => {
    expect(() => parseModelTail(['parameters:', '[boosting: gbdt]'], names)).toThrow(/no 'end of parameters' line/);
  });
});
