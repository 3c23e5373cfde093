import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { baseMargins, parseBaseScore } from './base-score.ts';
import { findObjective } from './objectives.ts';

const PATH = 'learner.learner_model_param.base_score';

describe('parseBaseScore', () => {
  it('reads the plain form of XGBoost before 3.1', () => {
    expect(parseBaseScore('5E-1', PATH, 1)).toEqual([0.5]);
    expect(parseBaseScore(' 0.675 ', PATH, 1)).toEqual([0.675]);
  });

  it('reads the bracketed form, one value or one per output', () => {
    expect(parseBaseScore('[6.75E-1]', PATH, 1)).toEqual([0.675]);
    expect(parseBaseScore('[-2.3024607E-1,2.3734933E-1,-7.103324E-3]', PATH, 3)).toEqual([-0.23024607, 0.23734933, -0.007103324]);
  });

  it('shares a single value between all classes', () => {
    expect(parseBaseScore('5E-1', PATH, 3)).toEqual([0.5, 0.5, 0.5]);
    expect(parseBaseScore('[0E0]', PATH, 4)).toEqual([0, 0, 0, 0]);
  });

  it('rejects a wrong count or text that is not a number', () => {
    expect(() => parseBaseScore('[1,2]', PATH, 3)).toThrow(/must hold 1 or 3 values/);
    for (const text of ['', '[]', 'abc', '[1,,2]', '0x10', 'Infinity', 'nan', '[0.5']) {
      expect(() => parseBaseScore(text, PATH, 1), text).toThrow(ModelLoadError);
    }
    expect(() => parseBaseScore('abc', PATH, 1)).toThrow(`${PATH} must be a number`);
  });
});

describe('baseMargins', () => {
  it('applies the logit for logistic objectives and the log for count objectives', () => {
    const [logistic] = baseMargins([0.675], findObjective('binary:logistic')!, PATH);
    expect(logistic).toBeCloseTo(Math.log(0.675 / 0.325), 6);
    const [poisson] = baseMargins([1.765], findObjective('count:poisson')!, PATH);
    expect(poisson).toBeCloseTo(Math.log(1.765), 6);
    expect(Array.from(baseMargins([0.1, -0.2], findObjective('multi:softprob')!, PATH))).toEqual([Math.fround(0.1), Math.fround(-0.2)]);
  });

  it('rejects a base_score its link cannot take', () => {
    expect(() => baseMargins([0], findObjective('count:poisson')!, PATH)).toThrow('must be greater than 0 for count:poisson');
    expect(() => baseMargins([1.5], findObjective('binary:logistic')!, PATH)).toThrow(
      'must be a probability in [0, 1] for binary:logistic',
    );
  });
});
