import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { evaluateFairness } from './fairness-check.ts';
import {
  fairnessScenario,
  fairnessScenarios,
  scenarioData,
  scenarioSpec,
  type FairnessScenario,
} from './fairness/testing/fairness-fixtures.ts';
import { FAIRNESS_METRICS, GROUP_METRICS, type CheckData, type CheckResult } from './suite-types.ts';

/** Fairlearn names a crossing's group `F, asian`; with several groupings Ballast names it `sex=F, race=asian`. */
function ballastGroupKey(scenario: FairnessScenario, columns: readonly string[], fairlearnKey: string): string {
  if (scenario.expected.length === 1) return fairlearnKey;
  const parts = fairlearnKey.split(', ');
  return columns.map((column, i) => `${column}=${parts[i]}`).join(', ');
}

function expectClose(actual: number | null | undefined, expected: number | null, what: string) {
  if (expected === null) return expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs Fairlearn ${expected}`).toBeLessThanOrEqual(1e-9);
}

async function rejection(promise: Promise<unknown>): Promise<BallastError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

describe('evaluateFairness against Fairlearn 0.13', () => {
  it.each(fairnessScenarios.map((s) => [s.name, s] as const))('%s: by_group and the six aggregates within 1e-9', async (_, scenario) => {
    const result = await evaluateFairness(scenarioSpec(scenario), scenarioData(scenario), 1);
    const several = scenario.expected.length > 1;
    const byGroupKeys: string[] = [];
    for (const grouping of scenario.expected) {
      const name = grouping.columns.join(', ');
      for (const metric of FAIRNESS_METRICS) {
        const key = several ? `${metric}[${name}]` : metric;
        expectClose(result.values[key], grouping.values[metric], key);
      }
      for (const [fairlearnKey, rates] of Object.entries(grouping.by_group)) {
        const key = ballastGroupKey(scenario, grouping.columns, fairlearnKey);
        byGroupKeys.push(key);
        for (const metric of GROUP_METRICS) expectClose(result.by_group?.[key]?.[metric], rates[metric], `${key}.${metric}`);
      }
    }
    // Exactly Fairlearn's groups: empty crossings (Fairlearn's NaN rows) left out, nothing added.
    expect(Object.keys(result.by_group ?? {}).sort()).toEqual(byGroupKeys.sort());
    expect(result.passed).toBe(true);
  });

  it('with several groupings, the plain name holds the worst of them (largest difference, smallest ratio)', async () => {
    const scenario = fairnessScenario('intersection');
    const result = await evaluateFairness(scenarioSpec(scenario), scenarioData(scenario), 1);
    const differences = scenario.expected.map((g) => g.values.demographic_parity_difference!);
    const ratios = scenario.expected.map((g) => g.values.equalized_odds_ratio!);
    expect(result.values['demographic_parity_difference']).toBe(Math.max(...differences));
    expect(result.values['equalized_odds_ratio']).toBe(Math.min(...ratios));
    expect(result.details).toEqual({
      positive_label: 'approved',
      groupings: [
        { name: 'sex', groups: 2 },
        { name: 'race', groups: 4 },
        { name: 'sex, race', groups: 7 },
      ],
    });
  });
});

describe('evaluateFairness bounds', () => {
  const scenario = fairnessScenario('several-groups');
  const data = scenarioData(scenario);
  const dpd = scenario.expected[0]!.values.demographic_parity_difference!; // 0.0497

  it('passes when every bounded value is within its bound, and fails naming the value that is not', async () => {
    const passing = await evaluateFairness(scenarioSpec(scenario, { bounds: { demographic_parity_difference: { max: 0.06 } } }), data, 1);
    expect(passing.passed).toBe(true);
    expect(passing.bounds).toEqual({ demographic_parity_difference: { max: 0.06 } });
    expect(passing.message).toBe(`within bounds: demographic_parity_difference ${Number(dpd.toPrecision(4))} ≤ 0.06`);

    const failing = await evaluateFairness(
      scenarioSpec(scenario, { bounds: { demographic_parity_difference: { max: 0.04 }, disparate_impact_ratio: { min: 0.8 } } }),
      data,
      1,
    );
    expect(failing.passed).toBe(false);
    expect(failing.message).toBe(`fails: demographic_parity_difference ${Number(dpd.toPrecision(4))} is above its max 0.04`);
  });

  it('fails a bound on an undefined value (nobody selected: the ratios are 0/0) and says so', async () => {
    const never = fairnessScenario('never-selected');
    const result = await evaluateFairness(
      scenarioSpec(never, { bounds: { disparate_impact_ratio: { min: 0.8 } } }),
      scenarioData(never),
      1,
    );
    expect(result.values['disparate_impact_ratio']).toBeNull();
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/^fails: disparate_impact_ratio is undefined/);
  });

  it('judges a bound in every grouping: the crossing can fail where each column passes', async () => {
    const crossing = fairnessScenario('intersection');
    const [sex, race, both] = crossing.expected.map((g) => g.values.demographic_parity_difference!);
    expect(Math.max(sex!, race!)).toBeLessThan(0.1);
    expect(both).toBeGreaterThan(0.1);
    const spec = scenarioSpec(crossing, { bounds: { demographic_parity_difference: { max: 0.1 } } });
    const result = await evaluateFairness(spec, scenarioData(crossing), 1);
    expect(result.passed).toBe(false);
    expect(Object.keys(result.bounds)).toEqual([
      'demographic_parity_difference[sex]',
      'demographic_parity_difference[race]',
      'demographic_parity_difference[sex, race]',
    ]);
    expect(result.message).toMatch(/^fails: demographic_parity_difference\[sex, race\] 0\.1297 is above its max 0\.1$/);
    const withoutCrossing = await evaluateFairness({ ...spec, intersections: false }, scenarioData(crossing), 1);
    expect(withoutCrossing.passed).toBe(true);
  });

  it('says the values when no bound is set', async () => {
    const result = await evaluateFairness(scenarioSpec(scenario), data, 1);
    expect(result.message).toMatch(
      /^no bounds set \(reported only\): demographic_parity_difference 0\.04969, disparate_impact_ratio 0\.8876$/,
    );
    expect(result.intervals).toBeUndefined();
  });
});

describe('evaluateFairness groups', () => {
  it('puts rows with a missing sensitive value in their own group, (missing), last', async () => {
    const scenario = fairnessScenario('no-positives');
    const data = scenarioData(scenario);
    const grp = (data.columns.get('grp') as string[]).map((value, row) => (row % 10 === 0 ? null : value));
    const result = await evaluateFairness(scenarioSpec(scenario), { ...data, columns: new Map([['grp', grp]]) }, 1);
    const keys = Object.keys(result.by_group!);
    expect(keys).toEqual(['a', 'b', 'c', '(missing)']);
    expect(result.by_group!['(missing)']!.count).toBe(40);
    expect(keys.reduce((sum, key) => sum + result.by_group![key]!.count!, 0)).toBe(400);
  });

  it('judges a multiclass model one-vs-rest for positive_label, which it requires', async () => {
    const scenario = fairnessScenario('multiclass');
    const data = scenarioData(scenario);
    const error = await rejection(evaluateFairness(scenarioSpec(scenario, { positive_label: undefined }), data, 1));
    expect(error.code).toBe('invalid_test_suite');
    expect(error.issues).toEqual([
      {
        code: 'invalid_value',
        path: ['checks', 'fair-multiclass', 'positive_label'],
        message: 'the model has 3 classes (low, mid, high): name the one counted as selected (one-vs-rest)',
      },
    ]);
    const mid = await evaluateFairness(scenarioSpec(scenario, { positive_label: 'mid' }), data, 1);
    const high = await evaluateFairness(scenarioSpec(scenario), data, 1);
    expect(mid.values['demographic_parity_difference']).not.toBe(high.values['demographic_parity_difference']);
  });

  it('defaults a binary model to its second class, and reads a positive_label written as a number or a text alike', async () => {
    const scenario = fairnessScenario('several-groups');
    const data = scenarioData(scenario);
    const byDefault = await evaluateFairness(scenarioSpec(scenario, { positive_label: undefined }), data, 1);
    const asText = await evaluateFairness(scenarioSpec(scenario, { positive_label: '1' }), data, 1);
    const other = await evaluateFairness(scenarioSpec(scenario, { positive_label: 0 }), data, 1);
    expect(byDefault.values).toEqual(asText.values);
    expect(byDefault.values['demographic_parity_difference']).toBe(scenario.expected[0]!.values.demographic_parity_difference);
    expect(other.values['demographic_parity_difference']).not.toBe(byDefault.values['demographic_parity_difference']);
    expect((await rejection(evaluateFairness(scenarioSpec(scenario, { positive_label: 'yes' }), data, 1))).issues[0]!.path).toEqual([
      'checks',
      'fair-several-groups',
      'positive_label',
    ]);
  });
});

describe('evaluateFairness refuses what it cannot judge', () => {
  const scenario = fairnessScenario('several-groups');
  const data = scenarioData(scenario);

  it('a regressor: invalid_test_suite', async () => {
    const regression: CheckData = { ...data, scored: { kind: 'regression', values: new Float64Array(data.rows) } };
    const error = await rejection(evaluateFairness(scenarioSpec(scenario), regression, 1));
    expect(error.code).toBe('invalid_test_suite');
    expect(error.issues[0]!.path).toEqual(['checks', 'fair-several-groups', 'type']);
  });

  it('a sensitive column missing from the data: invalid_test_suite pointing at it', async () => {
    const error = await rejection(evaluateFairness(scenarioSpec(scenario, { sensitive: ['race', 'income'] }), data, 1));
    expect(error.code).toBe('invalid_test_suite');
    expect(error.issues[0]).toMatchObject({
      path: ['checks', 'fair-several-groups', 'sensitive', 1],
      message: 'the data has no column income',
    });
  });

  it('a sensitive column with one group, or no rows: test_data_insufficient', async () => {
    const oneGroup = { ...data, columns: new Map([['race', new Array<string>(data.rows).fill('white')]]) };
    const error = await rejection(evaluateFairness(scenarioSpec(scenario), oneGroup, 1));
    expect(error.code).toBe('test_data_insufficient');
    expect(error.message).toBe('fairness check fair-several-groups: every row has race = white, so there are no groups to compare');
    const empty: CheckData = {
      ...data,
      rows: 0,
      labels: new Int32Array(0),
      columns: new Map([['race', []]]),
      scored: { kind: 'classification', classes: [0, 1], probabilities: new Float64Array(0), labelIndex: new Int32Array(0) },
    };
    expect((await rejection(evaluateFairness(scenarioSpec(scenario), empty, 1))).code).toBe('test_data_insufficient');
  });
});

describe('evaluateFairness bootstrap intervals', () => {
  const intervalsOf = (result: CheckResult) => result.intervals ?? {};

  it('gives an interval around each value, the same for the same seed and another for another seed', async () => {
    const scenario = fairnessScenario('intersection');
    const spec = scenarioSpec(scenario, { bootstrap: 300, confidence: 0.9 });
    const first = await evaluateFairness(spec, scenarioData(scenario), 7);
    const again = await evaluateFairness(spec, scenarioData(scenario), 7);
    const other = await evaluateFairness(spec, scenarioData(scenario), 8);
    expect(intervalsOf(first)).toEqual(intervalsOf(again));
    expect(intervalsOf(first)).not.toEqual(intervalsOf(other));
    expect(Object.keys(intervalsOf(first)).sort()).toEqual(Object.keys(first.values).sort());
    for (const [key, [low, high]] of Object.entries(intervalsOf(first))) {
      expect(low, key).toBeLessThanOrEqual(high);
      expect(high - low, key).toBeGreaterThan(0);
    }
  });

  it("agrees with Fairlearn's MetricFrame bootstrap (n_boot 1000) within Monte-Carlo error", async () => {
    for (const scenario of fairnessScenarios.filter((s) => s.bootstrap !== undefined)) {
      const { rounds, confidence, intervals } = scenario.bootstrap!;
      const result = await evaluateFairness(scenarioSpec(scenario, { bootstrap: rounds, confidence }), scenarioData(scenario), 3);
      const several = scenario.expected.length > 1;
      for (const [grouping, expected] of Object.entries(intervals)) {
        for (const [metric, [low, high]] of Object.entries(expected)) {
          const key = several ? `${metric}[${grouping}]` : metric;
          const actual = result.intervals![key]!;
          // Two independent 1000-round bootstraps: each end moves by a few percent of the width between runs.
          const tolerance = 0.15 * (high - low);
          expect(Math.abs(actual[0] - low), `${scenario.name} ${key} low`).toBeLessThan(tolerance);
          expect(Math.abs(actual[1] - high), `${scenario.name} ${key} high`).toBeLessThan(tolerance);
        }
      }
    }
  });
});
