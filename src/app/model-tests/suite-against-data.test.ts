import { describe, expect, it } from 'vitest';
import type { BallastError } from '../../core/errors.ts';
import { parseTestSuite } from '../../core/model-tests/parse-suite.ts';
import { CHECK_TYPES } from '../../core/model-tests/suite-types.ts';
import { checkSuiteAgainstData, type SuiteTarget } from './suite-against-data.ts';

const suite = (checks: string) => parseTestSuite(`format: ballast.tests/v1\nchecks:\n${checks}`, { defaultName: 's', fileName: 's.yaml' });

function problems(checks: string, target: Partial<SuiteTarget> = {}) {
  try {
    checkSuiteAgainstData(
      suite(checks),
      {
        columns: new Set(['age', 'sex', 'income', 'y']),
        inputs: ['age', 'income'],
        classes: [0, 1],
        hasContract: true,
        evaluated: new Set(CHECK_TYPES),
        what: 'credit:1',
        ...target,
      },
      's.yaml',
    );
    return [];
  } catch (error) {
    expect((error as BallastError).code).toBe('invalid_test_suite');
    return (error as BallastError).issues.map((i) => [i.code, i.path]);
  }
}

describe('checkSuiteAgainstData', () => {
  it('accepts a suite whose columns, features and checks fit', () => {
    expect(
      problems(
        '  - {name: f, type: fairness, sensitive: [sex], bounds: {demographic_parity_ratio: {min: 0.8}}}\n  - {name: d, type: direction, feature: income, change: 1, expect: increase}\n',
      ),
    ).toEqual([]);
  });

  it('refuses checks a regressor cannot answer and metrics of the other task', () => {
    const regressor = { classes: undefined };
    expect(
      problems(
        '  - {name: k, type: calibration, bounds: {ece: {max: 0.1}}}\n  - {name: m, type: metric, metric: accuracy, bound: {min: 0.5}}\n  - {name: r, type: metric, metric: rmse, bound: {max: 3}}\n',
        regressor,
      ),
    ).toEqual([
      ['unsupported', ['checks', 0, 'type']],
      ['unsupported', ['checks', 1, 'metric']],
    ]);
  });

  it('refuses a class the model does not have, a multiclass fairness check without positive_label, and a contract check without a contract', () => {
    expect(
      problems(
        '  - {name: f, type: fairness, sensitive: sex, positive_label: 7, bounds: {demographic_parity_ratio: {min: 0.8}}}\n  - {name: g, type: fairness, sensitive: sex, bounds: {demographic_parity_ratio: {min: 0.8}}}\n  - {name: c, type: contract}\n',
        { classes: ['a', 'b', 'c'], hasContract: false },
      ),
    ).toEqual([
      ['invalid_value', ['checks', 0, 'positive_label']],
      ['missing', ['checks', 1, 'positive_label']],
      ['unsupported', ['checks', 2, 'type']],
    ]);
  });

  it('refuses a perturbed feature the model does not read and a check type without an evaluator', () => {
    expect(
      problems('  - {name: p, type: perturbation, features: [sex, wealth], bounds: {flip_rate: {max: 0.1}}}\n', {
        evaluated: new Set(['contract']),
      }),
    ).toEqual([
      ['unsupported', ['checks', 0, 'type']],
      ['invalid_value', ['checks', 0, 'features', 0]],
      ['invalid_value', ['checks', 0, 'features', 1]],
    ]);
  });
});
