import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { evaluateDirection } from './direction-check.ts';
import { fakeCheckData, linearRegressor, logisticModel } from './perturb/testing/fake-check-data.ts';
import type { DataColumn, DirectionCheckSpec, ScoredRows } from './suite-types.ts';

function spec(overrides: Partial<DirectionCheckSpec> = {}): DirectionCheckSpec {
  return {
    name: 'income-up',
    type: 'direction',
    severity: 'error',
    feature: 'income',
    change: 1,
    expect: 'increase',
    epsilon: 0,
    max_violation_rate: 0,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<BallastError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

/** A regressor whose value rises with income below 5 and falls above it: the rows above 5 violate "increase". */
function peaked(columns: ReadonlyMap<string, DataColumn>): ScoredRows {
  const income = columns.get('income') as Float64Array;
  return { kind: 'regression', values: income.map((x) => -((x - 5) ** 2)) };
}

describe('evaluateDirection', () => {
  it('passes when the probability rises with the feature on every row', async () => {
    const data = fakeCheckData({
      columns: { income: Float64Array.from({ length: 30 }, (_, row) => row / 10 - 1.5) },
      model: logisticModel({ income: 2 }),
    });
    const result = await evaluateDirection(spec(), data, 0);
    expect(result.passed).toBe(true);
    expect(result.values.violation_rate).toBe(0);
    expect(result.values.mean_change).toBeGreaterThan(0);
    expect(result.bounds).toEqual({ violation_rate: { max: 0 } });
    expect(data.scoreCalls()).toBe(1);
  });

  it('counts the rows that move the wrong way by more than epsilon and lists the worst', async () => {
    // income 0..9, +1: rows 0..4 move up; row 4 → 5 moves from −1 to 0; rows 5..9 fall by 1, 3, 5, 7, 9.
    const data = fakeCheckData({ columns: { income: Float64Array.from({ length: 10 }, (_, row) => row) }, model: peaked });
    const result = await evaluateDirection(spec({ epsilon: 2, max_violation_rate: 0.3 }), data, 0);
    expect(result.values.violation_rate).toBe(0.4);
    expect(result.passed).toBe(false);
    expect(result.details).toMatchObject({
      rows_judged: 10,
      violations: 4,
      worst_rows: [
        { index: 9, before: -16, after: -25 },
        { index: 8, before: -9, after: -16 },
        { index: 7, before: -4, after: -9 },
        { index: 6, before: -1, after: -4 },
      ],
    });
    expect(result.message).toBe('income +1: 4 of 10 rows moved against "increase" by more than 2 (0.4 > max 0.3)');
    // Against "decrease" the rising rows 0..4 violate (by 9, 7, 5, 3, 1): four beyond epsilon; the bound is inclusive.
    const down = await evaluateDirection(spec({ expect: 'decrease', epsilon: 2, max_violation_rate: 0.4 }), data, 0);
    expect(down.values.violation_rate).toBe(0.4);
    expect(down.passed).toBe(true);
  });

  it('follows the named class of a multiclass model, and leaves rows with a missing feature unjudged', async () => {
    const model = (columns: ReadonlyMap<string, DataColumn>): ScoredRows => {
      const income = columns.get('income') as Float64Array;
      const probabilities = new Float64Array(income.length * 3);
      income.forEach((x, row) => {
        const high = Number.isNaN(x) ? 0.2 : Math.min(0.9, 0.1 * x);
        probabilities.set([(1 - high) / 2, (1 - high) / 2, high], row * 3);
      });
      return { kind: 'classification', classes: ['low', 'mid', 'high'], probabilities, labelIndex: new Int32Array(income.length) };
    };
    const data = fakeCheckData({ columns: { income: Float64Array.of(1, Number.NaN, 3) }, model });
    const high = await evaluateDirection(spec({ class: 'high' }), data, 0);
    expect(high.values.violation_rate).toBe(0);
    expect(high.details).toMatchObject({ rows_judged: 2 });
    const low = await evaluateDirection(spec({ class: 'low' }), data, 0);
    expect(low.values.violation_rate).toBe(1);
    const missingClass = await failure(evaluateDirection(spec(), data, 0));
    expect(missingClass.code).toBe('invalid_test_suite');
    expect(missingClass.issues[0]!.path).toEqual(['checks', 'income-up', 'class']);
    const unknownClass = await failure(evaluateDirection(spec({ class: 'top' }), data, 0));
    expect(unknownClass.code).toBe('invalid_test_suite');
    expect(unknownClass.message).toContain('"top" is not a class of the model ("low", "mid", "high")');
  });

  it('matches a class written as a number to a class label given as text', async () => {
    const data = fakeCheckData({ columns: { income: Float64Array.of(0, 1) }, model: logisticModel({ income: 1 }) });
    expect((await evaluateDirection(spec({ class: '0' }), data, 0)).values.violation_rate).toBe(1);
    expect((await evaluateDirection(spec({ class: 1 }), data, 0)).values.violation_rate).toBe(0);
  });

  it('refuses a text feature, a class on a regressor, and a feature missing in every row', async () => {
    const text = fakeCheckData({ columns: { income: ['high', 'low'], x: Float64Array.of(1, 2) }, model: linearRegressor({ x: 1 }) });
    const textFailure = await failure(evaluateDirection(spec(), text, 0));
    expect(textFailure.code).toBe('invalid_test_suite');
    expect(textFailure.issues).toEqual([
      {
        code: 'invalid_type',
        path: ['checks', 'income-up', 'feature'],
        message: '"income" is a text feature: a direction check adds a number to it',
      },
    ]);
    const regression = fakeCheckData({ columns: { income: Float64Array.of(1, 2) }, model: linearRegressor({ income: 1 }) });
    expect((await failure(evaluateDirection(spec({ class: 1 }), regression, 0))).code).toBe('invalid_test_suite');
    const empty = fakeCheckData({
      columns: { income: Float64Array.of(Number.NaN, Number.NaN), x: Float64Array.of(1, 2) },
      model: linearRegressor({ x: 1 }),
    });
    expect((await failure(evaluateDirection(spec(), empty, 0))).code).toBe('test_data_insufficient');
  });
});
