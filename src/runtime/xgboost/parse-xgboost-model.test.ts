import { describe, expect, it } from 'vitest';
import { encodeJson, modelJson, stump, type ModelSpec } from '../../../test/fixtures/xgboost/model-builders.ts';
import { batchFromRows, readFixtureCases, readFixtureModel, readFixtureModelJson } from '../../../test/fixtures/xgboost/read-cases.ts';
import { ModelLoadError } from '../model-runtime.ts';
import { parseXGBoostModel } from './parse-xgboost-model.ts';
import { predictMargins } from './predict-xgboost.ts';

const parse = (spec: ModelSpec, featureNames?: readonly string[]) => parseXGBoostModel(encodeJson(modelJson(spec)), { featureNames });

describe('parseXGBoostModel', () => {
  it('describes a binary model', () => {
    const model = parseXGBoostModel(readFixtureModel('binary_logistic'));
    expect(model.signature.output).toEqual({ kind: 'binary', classes: [0, 1] });
    expect(model.signature.inputs.map((input) => input.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    expect(model.groupCount).toBe(1);
    expect(model.objective.name).toBe('binary:logistic');
  });

  it('describes a multiclass model with typed, named features', () => {
    const model = parseXGBoostModel(readFixtureModel('multi_softprob'));
    expect(model.signature.output).toEqual({ kind: 'multiclass', classes: [0, 1, 2] });
    expect(model.signature.inputs.map((input) => input.type)).toEqual(['number', 'integer', 'number', 'number', 'number', 'number']);
    expect(Array.from(model.baseMargins)).toEqual([0.50135744, 0.09589338, -0.5972508].map(Math.fround));
  });

  it('describes categorical features with their names', () => {
    const inputs = parseXGBoostModel(readFixtureModel('categorical_binary')).signature.inputs;
    expect(inputs).toEqual([
      { name: 'temp', type: 'number' },
      { name: 'color', type: 'category', categories: ['amber', 'blue', 'cyan', 'green', 'magenta', 'red'] },
      { name: 'load', type: 'number' },
      { name: 'size', type: 'category', categories: ['3', '7', '11', '20'] },
      { name: 'flag', type: 'integer' },
    ]);
  });

  it('describes regression models', () => {
    expect(parse({ objective: 'count:poisson', baseScore: '[2E0]' }).signature.output).toEqual({ kind: 'regression' });
    expect(parse({ objective: 'count:poisson', baseScore: '[2E0]' }).baseMargins[0]).toBeCloseTo(Math.log(2), 6);
  });

  it('uses the given feature names only when the model has none', () => {
    expect(parse({}, ['height', 'weight']).signature.inputs.map((input) => input.name)).toEqual(['height', 'weight']);
    expect(parse({ featureNames: ['a', 'b'] }, ['height', 'weight']).signature.inputs.map((input) => input.name)).toEqual(['a', 'b']);
  });

  it('starts every gblinear class from the first base_score, as XGBoost does', () => {
    const model = parse({
      booster: 'gblinear',
      objective: 'multi:softprob',
      numClass: 2,
      baseScore: '[1E-1,2E-1]',
      linearWeights: [0, 0, 0, 0, 0, 0],
    });
    expect(Array.from(model.baseMargins)).toEqual([Math.fround(0.1), Math.fround(0.1)]);
  });

  it('reads the leaner JSON of XGBoost 1.x: no categorical fields, iteration pointers, cats or num_target', () => {
    type Tree = Record<string, unknown> & { default_left: (number | boolean)[] };
    const json = readFixtureModelJson('binary_logistic') as {
      learner: Record<string, unknown> & {
        learner_model_param: Record<string, string>;
        gradient_booster: { model: Record<string, unknown> & { trees: Tree[] } };
      };
    };
    const { learner } = json;
    const treeModel = learner.gradient_booster.model;
    for (const tree of treeModel.trees) {
      for (const key of ['split_type', 'categories', 'categories_nodes', 'categories_segments', 'categories_sizes']) delete tree[key];
      tree['default_left'] = tree.default_left.map((flag) => flag === 1);
    }
    delete treeModel['iteration_indptr'];
    delete treeModel['cats'];
    delete learner['feature_names'];
    delete learner['feature_types'];
    delete learner.learner_model_param['num_target'];
    learner.learner_model_param['base_score'] = learner.learner_model_param['base_score']!.replace(/[[\]]/g, '');
    const model = parseXGBoostModel(encodeJson(json));
    const cases = readFixtureCases('binary_logistic');
    expect(Array.from(predictMargins(model, batchFromRows(cases.rows, 6)))).toEqual(cases.expected.margins.flat());
  });

  it('names the objective it does not support and lists those it does', () => {
    expect(() => parse({ objective: 'rank:pairwise' })).toThrow(
      /^XGBoost objective "rank:pairwise" is not supported; supported objectives: binary:logistic, binary:logitraw, multi:softprob, multi:softmax, reg:squarederror/,
    );
  });

  it('rejects shapes the runtime cannot answer', () => {
    const json = modelJson({});
    (json['learner'] as { learner_model_param: Record<string, string> }).learner_model_param['num_target'] = '2';
    expect(() => parseXGBoostModel(encodeJson(json))).toThrow(/2 targets \(num_target\); multi-target models are not supported/);
    expect(() => parse({ objective: 'multi:softprob', numClass: 1 })).toThrow(
      'XGBoost multi:softprob model must have num_class of at least 2 (found 1)',
    );
    expect(() => parse({ objective: 'binary:logistic', numClass: 3 })).toThrow(
      /has num_class 3; only multi:softprob and multi:softmax have classes/,
    );
  });

  it('rejects missing or malformed learner fields with their path', () => {
    const json = readFixtureModelJson('binary_logistic') as { learner: Record<string, unknown> };
    delete json.learner['objective'];
    expect(() => parseXGBoostModel(encodeJson(json))).toThrow('XGBoost model: learner.objective must be an object (found nothing)');
    expect(() => parse({ numFeature: 0 })).toThrow('learner.learner_model_param.num_feature must be a whole number from 1');
    expect(() => parse({ trees: [stump(0, 0, 1, 2)], numFeature: 1, featureNames: ['a', 'b'] })).toThrow(ModelLoadError);
    expect(() => parse({ baseScore: '[0.5' })).toThrow('learner.learner_model_param.base_score must be a number');
  });
});
