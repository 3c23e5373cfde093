import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { evaluateInvariance } from './invariance-check.ts';
import { fakeCheckData, linearRegressor, logisticModel } from './perturb/testing/fake-check-data.ts';
import type { InvarianceCheckSpec } from './suite-types.ts';

function spec(overrides: Partial<InvarianceCheckSpec> = {}): InvarianceCheckSpec {
  return { name: 'city-free', type: 'invariance', severity: 'error', feature: 'city', max_flip_rate: 0, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<BallastError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

const cityModel = logisticModel({}, { city: { paris: 5, nice: 5, lyon: -5 } });

describe('evaluateInvariance', () => {
  it('passes when the values set leave every label alone, and fails by the share of labels flipped', async () => {
    const data = fakeCheckData({ columns: { city: Array.from({ length: 20 }, () => 'paris') }, model: cityModel });
    const same = await evaluateInvariance(spec({ values: ['nice'] }), data, 1);
    expect(same.passed).toBe(true);
    expect(same.values.flip_rate).toBe(0);
    expect(same.message).toBe('setting city flipped 0 of 20 labels (0 ≤ 0)');
    const flipped = await evaluateInvariance(spec({ values: ['lyon'], max_flip_rate: 0.5 }), data, 1);
    expect(flipped.passed).toBe(false);
    expect(flipped.values.flip_rate).toBe(1);
    expect(flipped.bounds).toEqual({ flip_rate: { max: 0.5 } });
    expect(flipped.message).toBe('setting city flipped 20 of 20 labels (1 > max 0.5)');
    const details = flipped.details as { flipped_rows: unknown[] };
    expect(details.flipped_rows).toHaveLength(10);
    expect(details.flipped_rows[0]).toEqual({ index: 0, value: 'lyon', before: 1, after: 0 });
    expect(data.scoreCalls()).toBe(2);
  });

  it('draws the given values uniformly per row, the same way for the same seed', async () => {
    const data = fakeCheckData({ columns: { city: Array.from({ length: 4000 }, () => 'paris') }, model: cityModel });
    const result = await evaluateInvariance(spec({ values: ['paris', 'lyon'], max_flip_rate: 1 }), data, 5);
    expect(result.values.flip_rate).toBeCloseTo(0.5, 1);
    expect((await evaluateInvariance(spec({ values: ['paris', 'lyon'], max_flip_rate: 1 }), data, 5)).values).toEqual(result.values);
    expect((await evaluateInvariance(spec({ values: ['paris', 'lyon'], max_flip_rate: 1 }), data, 6)).values).not.toEqual(result.values);
  });

  it("draws a number within the reference's range, else within the data's", async () => {
    // Label 1 from x ≥ 5: every row has x in [0, 2], so only draws beyond the data's range can flip a label.
    const columns = { x: Float64Array.from({ length: 2000 }, (_, row) => (row % 3) * 0.9) };
    const model = logisticModel({ x: 1 }, {}, -5);
    const withReference = fakeCheckData({ columns, model, reference: { x: { kind: 'numeric', std: 3, min: 0, max: 10 } } });
    const wide = await evaluateInvariance(spec({ feature: 'x', max_flip_rate: 1 }), withReference, 2);
    expect(wide.values.flip_rate).toBeCloseTo(0.5, 1);
    expect(wide.details).toMatchObject({ drawn_from: { min: 0, max: 10, whole: false } });
    const narrow = await evaluateInvariance(spec({ feature: 'x' }), fakeCheckData({ columns, model }), 2);
    expect(narrow.values.flip_rate).toBe(0);
    expect(narrow.details).toMatchObject({ drawn_from: { min: 0, max: 1.8 } });
  });

  it('reads the given values as numbers for a numeric feature', async () => {
    const data = fakeCheckData({ columns: { x: Float64Array.of(0, 0, 0) }, model: logisticModel({ x: 1 }, {}, -5) });
    expect((await evaluateInvariance(spec({ feature: 'x', values: ['7'], max_flip_rate: 1 }), data, 1)).values.flip_rate).toBe(1);
    const bad = await failure(evaluateInvariance(spec({ feature: 'x', values: [1, 'high'] }), data, 1));
    expect(bad.code).toBe('invalid_test_suite');
    expect(bad.issues[0]!.path).toEqual(['checks', 'city-free', 'values', 1]);
  });

  it('refuses a regressor and a feature the data lacks', async () => {
    const regression = fakeCheckData({ columns: { x: Float64Array.of(1, 2) }, model: linearRegressor({ x: 1 }) });
    const regressor = await failure(evaluateInvariance(spec({ feature: 'x' }), regression, 1));
    expect(regressor.code).toBe('invalid_test_suite');
    expect(regressor.issues[0]!.path).toEqual(['checks', 'city-free', 'type']);
    const missing = await failure(evaluateInvariance(spec({ feature: 'nope' }), regression, 1));
    expect(missing.code).toBe('invalid_test_suite');
    expect(missing.issues[0]!.path).toEqual(['checks', 'city-free', 'feature']);
  });
});
