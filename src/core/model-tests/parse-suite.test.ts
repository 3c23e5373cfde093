import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { parseTestSuite } from './parse-suite.ts';

function problems(text: string, fileName = 'suite.yaml') {
  try {
    parseTestSuite(text, { defaultName: 'suite', fileName });
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('invalid_test_suite');
    return (error as BallastError).issues.map((i) => ({ code: i.code, path: i.path }));
  }
  throw new Error('the suite was accepted');
}

describe('parseTestSuite', () => {
  it('reads the issue example and fills every default', () => {
    const suite = parseTestSuite(
      `format: ballast.tests/v1
seed: 7
checks:
  - name: fair-by-sex
    type: fairness
    sensitive: sex
    bounds:
      demographic_parity_difference: {max: 0.05}
      equalized_odds_difference: {max: 0.05}
`,
      { defaultName: 'credit-gate', fileName: 'credit-gate.yaml' },
    );
    expect(suite).toEqual({
      format: 'ballast.tests/v1',
      name: 'credit-gate',
      seed: 7,
      checks: [
        {
          name: 'fair-by-sex',
          type: 'fairness',
          severity: 'error',
          sensitive: ['sex'],
          intersections: false,
          bounds: { demographic_parity_difference: { max: 0.05 }, equalized_odds_difference: { max: 0.05 } },
          bootstrap: 200,
          confidence: 0.95,
        },
      ],
    });
  });

  it('fills the defaults of every check type, from JSON too', () => {
    const suite = parseTestSuite(
      JSON.stringify({
        format: 'ballast.tests/v1',
        name: 'all',
        checks: [
          { name: 'm', type: 'metric', metric: 'accuracy', bound: { min: 0.8 }, where: { region: 'north' } },
          { name: 's', type: 'slices', metric: 'f1' },
          { name: 'p', type: 'perturbation', bounds: { flip_rate: { max: 0.1 } } },
          { name: 'i', type: 'invariance', feature: 'zip' },
          { name: 'd', type: 'direction', feature: 'income', change: 1000, expect: 'increase', severity: 'warning' },
          { name: 'c', type: 'champion_challenger', metric: 'roc_auc' },
          { name: 'k', type: 'calibration', bounds: { ece: { max: 0.05 } } },
          { name: 'x', type: 'contract' },
        ],
      }),
      { defaultName: 'ignored' },
    );
    expect(suite.name).toBe('all');
    expect(suite.seed).toBe(0);
    expect(suite.checks).toEqual([
      { name: 'm', type: 'metric', severity: 'error', metric: 'accuracy', bound: { min: 0.8 }, where: { region: 'north' } },
      { name: 's', type: 'slices', severity: 'error', metric: 'f1', bins: 5, min_rows: 30, margin: 0.05, bootstrap: 200, confidence: 0.95 },
      {
        name: 'p',
        type: 'perturbation',
        severity: 'error',
        kinds: ['noise', 'swap', 'missing'],
        noise_std: 0.1,
        feature_share: 1,
        bounds: { flip_rate: { max: 0.1 } },
      },
      { name: 'i', type: 'invariance', severity: 'error', feature: 'zip', max_flip_rate: 0 },
      {
        name: 'd',
        type: 'direction',
        severity: 'warning',
        feature: 'income',
        change: 1000,
        expect: 'increase',
        epsilon: 0,
        max_violation_rate: 0,
      },
      {
        name: 'c',
        type: 'champion_challenger',
        severity: 'error',
        alias: 'champion',
        metric: 'roc_auc',
        margin: 0.01,
        bootstrap: 200,
        confidence: 0.95,
      },
      { name: 'k', type: 'calibration', severity: 'error', bins: 10, bounds: { ece: { max: 0.05 } } },
      { name: 'x', type: 'contract', severity: 'error', max_violation_rate: 0 },
    ]);
  });

  it('collects every problem with its path instead of stopping at the first', () => {
    const found = problems(`seed: -1
extra: 1
checks:
  - name: a
    type: metric
    metric: acuracy
    bound: {}
  - name: a
    type: telepathy
  - name: b
    type: fairness
    sensitive: [sex]
    bounds:
      foo: {max: 1}
      demographic_parity_ratio: {min: 0.8, max: 0.1}
    colour: red
  - name: c
    type: slices
    metric: f1
    crossings: [[sex]]
    bins: 1
`);
    expect(found).toEqual([
      { code: 'unrecognized_key', path: ['extra'] },
      { code: 'missing', path: ['format'] },
      { code: 'invalid_value', path: ['seed'] },
      { code: 'invalid_value', path: ['checks', 0, 'metric'] },
      { code: 'missing', path: ['checks', 0, 'bound'] },
      { code: 'invalid_value', path: ['checks', 1, 'type'] },
      { code: 'unrecognized_key', path: ['checks', 2, 'colour'] },
      { code: 'invalid_value', path: ['checks', 2, 'bounds', 'foo'] },
      { code: 'invalid_value', path: ['checks', 2, 'bounds', 'demographic_parity_ratio'] },
      { code: 'invalid_value', path: ['checks', 3, 'crossings', 0] },
      { code: 'invalid_value', path: ['checks', 3, 'bins'] },
    ]);
  });

  it('refuses duplicate check names, a wrong format and a fractional seed', () => {
    expect(
      problems(`format: ballast.tests/v2
seed: 1.5
checks:
  - {name: a, type: contract}
  - {name: a, type: contract}
`),
    ).toEqual([
      { code: 'invalid_value', path: ['format'] },
      { code: 'invalid_value', path: ['seed'] },
      { code: 'duplicate', path: ['checks', 1, 'name'] },
    ]);
  });

  it('refuses a suite without checks, a check without name or type, and malformed YAML', () => {
    expect(problems('format: ballast.tests/v1\nchecks: []\n')).toEqual([{ code: 'invalid_value', path: ['checks'] }]);
    expect(problems('format: ballast.tests/v1\nchecks:\n  - {metric: f1}\n')).toEqual([
      { code: 'missing', path: ['checks', 0, 'name'] },
      { code: 'missing', path: ['checks', 0, 'type'] },
    ]);
    expect(problems('format: [\n')[0]!.code).toBe('invalid_format');
    expect(problems(`format: ballast.tests/v1\nname: ${'x'.repeat(129)}\nchecks:\n  - {name: c, type: contract}\n`)).toEqual([
      { code: 'too_big', path: ['name'] },
    ]);
    expect(problems('{"format": ', 'suite.json')[0]!.code).toBe('invalid_format');
  });

  it('refuses bounds that are not numbers, bounds without a side, and kinds and shares out of range', () => {
    expect(
      problems(`format: ballast.tests/v1
checks:
  - name: p
    type: perturbation
    kinds: [noise, shuffle]
    feature_share: 0
    bounds:
      flip_rate: {max: high}
  - name: k
    type: calibration
    bounds:
      brier: {}
  - name: d
    type: direction
    feature: income
  - name: f
    type: fairness
    sensitive: sex
    bounds: {}
    confidence: 1
`),
    ).toEqual([
      { code: 'invalid_value', path: ['checks', 0, 'kinds', 1] },
      { code: 'invalid_value', path: ['checks', 0, 'feature_share'] },
      { code: 'invalid_type', path: ['checks', 0, 'bounds', 'flip_rate', 'max'] },
      { code: 'missing', path: ['checks', 1, 'bounds', 'brier'] },
      { code: 'missing', path: ['checks', 2, 'change'] },
      { code: 'missing', path: ['checks', 2, 'expect'] },
      { code: 'invalid_value', path: ['checks', 3, 'bounds'] },
      { code: 'invalid_value', path: ['checks', 3, 'confidence'] },
    ]);
  });
});
