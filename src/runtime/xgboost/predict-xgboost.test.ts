import { describe, expect, it } from 'vitest';
import { encodeJson, modelJson, stump, type ModelSpec } from '../../../test/fixtures/xgboost/model-builders.ts';
import { parseXGBoostModel } from './parse-xgboost-model.ts';
import { predictMargins, predictXGBoost } from './predict-xgboost.ts';

const model = (spec: ModelSpec) => parseXGBoostModel(encodeJson(modelJson(spec)));
const batch = (...columns: number[][]) => ({ rowCount: columns[0]?.length ?? 0, columns: columns.map((c) => Float64Array.from(c)) });

describe('predictXGBoost', () => {
  it('answers binary probabilities for both classes and labels above one half', () => {
    const binary = model({ objective: 'binary:logistic', trees: [stump(0, 0, -2, 2)], featureNames: ['x', 'y'] });
    const output = predictXGBoost(binary, batch([-1, 1, Number.NaN], [0, 0, 0]));
    if (output.kind === 'regression') throw new Error('expected classes');
    expect(output.classes).toEqual([0, 1]);
    const p = 1 / (1 + Math.exp(2));
    expect(Array.from(output.probabilities).map((v) => Number(v.toFixed(6)))).toEqual(
      [1 - p, p, p, 1 - p, 1 - p, p].map((v) => Number(v.toFixed(6))),
    );
    expect(Array.from(output.labelIndex)).toEqual([0, 1, 0]);
  });

  it('answers softmax probabilities and the first largest margin for multiclass', () => {
    const multi = model({
      objective: 'multi:softmax',
      numClass: 3,
      baseScore: '[0E0,0E0,0E0]',
      trees: [stump(0, 0, 1, 0), stump(0, 0, 1, 0), stump(0, 0, 0, 2)],
      treeInfo: [0, 1, 2],
    });
    const output = predictXGBoost(multi, batch([-1, 1], [0, 0]));
    if (output.kind !== 'multiclass') throw new Error('expected multiclass');
    const e = Math.E;
    expect(output.probabilities[0]).toBeCloseTo(e / (2 * e + 1), 6);
    expect(output.probabilities[5]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 2), 6);
    expect(Array.from(output.labelIndex)).toEqual([0, 2]);
  });

  it('applies the regression link', () => {
    const poisson = model({ objective: 'count:poisson', baseScore: '[1E0]', trees: [stump(0, 0, 0, Math.log(3))] });
    const output = predictXGBoost(poisson, batch([-1, 1], [0, 0]));
    if (output.kind !== 'regression') throw new Error('expected regression');
    expect(output.values[0]).toBe(1);
    expect(output.values[1]).toBeCloseTo(3, 5);
  });

  it('handles an empty batch', () => {
    const output = predictXGBoost(model({}), batch([], []));
    expect(output).toEqual({ kind: 'regression', values: new Float64Array(0) });
  });

  it('reports margins before the link', () => {
    const margins = predictMargins(model({ objective: 'binary:logistic', baseScore: '[5E-1]' }), batch([0.4, 0.6], [0, 0]));
    expect(Array.from(margins)).toEqual([-1, 1]);
  });
});
