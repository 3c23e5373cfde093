import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { evaluatePerturbation } from './perturbation-check.ts';
import { fakeCheckData, linearRegressor, logisticModel } from './perturb/testing/fake-check-data.ts';
import type { DataColumn, PerturbationCheckSpec, ScoredRows } from './suite-types.ts';

function spec(overrides: Partial<PerturbationCheckSpec> = {}): PerturbationCheckSpec {
  return {
    name: 'robust',
    type: 'perturbation',
    severity: 'error',
    kinds: ['noise', 'swap', 'missing'],
    noise_std: 0.1,
    feature_share: 1,
    bounds: {},
    ...overrides,
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

async function failure(promise: Promise<unknown>): Promise<BallastError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

/** A regressor whose value is how many of the columns are missing in the row. */
function missingCounter(names: readonly string[]) {
  return (columns: ReadonlyMap<string, DataColumn>): ScoredRows => {
    const rows = columns.get(names[0]!)!.length;
    const values = new Float64Array(rows);
    for (const name of names) {
      const column = columns.get(name) as Float64Array;
      for (let row = 0; row < rows; row++) if (Number.isNaN(column[row]!)) values[row]!++;
    }
    return { kind: 'regression', values };
  };
}

describe('evaluatePerturbation', () => {
  it('a swap between two categories that decide the label flips every row by exactly σ(5) − σ(−5)', async () => {
    const data = fakeCheckData({
      columns: {
        plan: Array.from({ length: 40 }, (_, row) => (row % 2 ? 'gold' : 'basic')),
        x: Float64Array.from({ length: 40 }, () => 0),
      },
      model: logisticModel({ x: 0 }, { plan: { gold: 5, basic: -5 } }),
    });
    const result = await evaluatePerturbation(spec({ kinds: ['swap'], bounds: { flip_rate: { max: 0.1 } } }), data, 1);
    expect(result.values['flip_rate.swap']).toBe(1);
    expect(result.values['mean_abs_change.swap']).toBeCloseTo(sigmoid(5) - sigmoid(-5), 12);
    expect(result.bounds).toEqual({ 'flip_rate.swap': { max: 0.1 } });
    expect(result.passed).toBe(false);
    expect(result.message).toContain('flip_rate.swap 1 > max 0.1');
  });

  it('reports each kind on its own, with the bounds applied per kind', async () => {
    const rows = 400;
    const data = fakeCheckData({
      columns: {
        x: Float64Array.from({ length: rows }, (_, row) => (row - rows / 2) / 40),
        plan: Array.from({ length: rows }, (_, row) => (row % 3 === 0 ? 'gold' : 'basic')),
      },
      model: logisticModel({ x: 1 }, { plan: { gold: 0.01, basic: 0 } }),
    });
    const result = await evaluatePerturbation(spec({ bounds: { flip_rate: { max: 0.2 }, mean_abs_change: { max: 0.05 } } }), data, 4);
    expect(Object.keys(result.values).sort()).toEqual([
      'flip_rate.missing',
      'flip_rate.noise',
      'flip_rate.swap',
      'mean_abs_change.missing',
      'mean_abs_change.noise',
      'mean_abs_change.swap',
    ]);
    // Small noise on x moves few labels; a swap moves the score by 0.01 × σ′ at most.
    expect(result.values['flip_rate.noise']).toBeGreaterThan(0);
    expect(result.values['flip_rate.noise']).toBeLessThan(0.2);
    expect(result.values['mean_abs_change.swap']).toBeLessThan(0.0026);
    // Missing x makes the fake model answer NaN (label 0): the half labelled 1 flips, and every row loses its
    // score, so the mean is undefined and fails its bound.
    expect(result.values['flip_rate.missing']).toBe(0.5);
    expect(result.values['mean_abs_change.missing']).toBeNull();
    expect(result.passed).toBe(false);
    expect(result.message).toBe(
      `unstable under perturbation: flip_rate.missing 0.5 > max 0.2; mean_abs_change.missing undefined (no score for ${rows} rows)`,
    );
    expect(Object.keys(result.bounds)).toHaveLength(6);
  });

  it('passes when nothing moves: zero noise on a feature the model ignores', async () => {
    const data = fakeCheckData({
      columns: { x: Float64Array.from({ length: 50 }, (_, row) => row), y: Float64Array.from({ length: 50 }, (_, row) => row - 25) },
      model: logisticModel({ y: 1 }, {}, 0.5),
    });
    const result = await evaluatePerturbation(spec({ kinds: ['noise'], features: ['x'], bounds: { flip_rate: { max: 0 } } }), data, 2);
    expect(result.values).toEqual({ 'flip_rate.noise': 0, 'mean_abs_change.noise': 0 });
    expect(result.passed).toBe(true);
    expect(result.message).toMatch(/^stable under perturbation: noise flips 0%/);
  });

  it('scales the noise by the reference standard deviation, else by the data’s', async () => {
    const rows = 20000;
    const columns = { x: Float64Array.from({ length: rows }, (_, row) => 0.25 + 0.5 * (row % 2)) };
    const check = spec({ kinds: ['noise'], noise_std: 0.5 });
    // |Δ| of N(0, σ²) has mean σ·√(2/π).
    const withReference = fakeCheckData({
      columns,
      reference: { x: { kind: 'numeric', std: 4, min: 0, max: 1 } },
      model: linearRegressor({ x: 1 }),
    });
    expect((await evaluatePerturbation(check, withReference, 3)).values['mean_abs_change.noise']).toBeCloseTo(
      2 * Math.sqrt(2 / Math.PI),
      1,
    );
    const dataStd = 0.25 * Math.sqrt(rows / (rows - 1));
    const without = fakeCheckData({ columns, model: linearRegressor({ x: 1 }) });
    const change = (await evaluatePerturbation(check, without, 3)).values['mean_abs_change.noise']!;
    expect(change / (0.5 * dataStd * Math.sqrt(2 / Math.PI))).toBeCloseTo(1, 1);
  });

  it('perturbs round(share × features) of a row’s features when feature_share < 1', async () => {
    const names = ['a', 'b', 'c', 'd'];
    const columns = Object.fromEntries(names.map((name) => [name, Float64Array.from({ length: 300 }, (_, row) => row)]));
    const data = fakeCheckData({ columns, model: missingCounter(names) });
    const half = await evaluatePerturbation(spec({ kinds: ['missing'], feature_share: 0.5 }), data, 8);
    expect(half.values['mean_abs_change.missing']).toBe(2);
    const all = await evaluatePerturbation(spec({ kinds: ['missing'] }), data, 8);
    expect(all.values['mean_abs_change.missing']).toBe(4);
  });

  it('reports a kind no feature takes as null values without judging them', async () => {
    const data = fakeCheckData({ columns: { x: Float64Array.of(1, 2, 3) }, model: logisticModel({ x: 1 }) });
    const result = await evaluatePerturbation(spec({ kinds: ['swap'], bounds: { flip_rate: { max: 0 } } }), data, 1);
    expect(result.values).toEqual({ 'flip_rate.swap': null, 'mean_abs_change.swap': null });
    expect(result.bounds).toEqual({});
    expect(result.passed).toBe(true);
    expect(result.message).toContain('swap: no feature applies');
  });

  it('rescores once per kind and once per examined feature, never per row', async () => {
    const columns = {
      x: Float64Array.from({ length: 1000 }, (_, row) => row),
      y: Float64Array.from({ length: 1000 }, (_, row) => -row),
      plan: Array.from({ length: 1000 }, (_, row) => String(row % 4)),
    };
    const data = fakeCheckData({ columns, model: logisticModel({ x: 0.001, y: 0.001 }) });
    await evaluatePerturbation(spec(), data, 1);
    expect(data.scoreCalls()).toBe(3 + 3);
  });

  it('examines at most 20 features one at a time and reports the 5 that move the answers most', async () => {
    const weights = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, i === 7 ? 3 : i === 21 ? 5 : (i + 1) / 100]));
    const columns = Object.fromEntries(
      Object.keys(weights).map((name) => [name, Float64Array.from({ length: 200 }, (_, row) => ((row % 20) - 9.5) / 10)]),
    );
    const data = fakeCheckData({ columns, model: logisticModel(weights) });
    const result = await evaluatePerturbation(spec({ kinds: ['noise'], noise_std: 0.5 }), data, 6);
    expect(data.scoreCalls()).toBe(1 + 20);
    const details = result.details as {
      features: Array<{ feature: string; kind: string }>;
      features_examined: number;
      features_not_examined: string[];
    };
    expect(details.features_examined).toBe(20);
    expect(details.features_not_examined).toEqual(['f20', 'f21', 'f22', 'f23', 'f24']);
    expect(details.features).toHaveLength(5);
    expect(details.features[0]).toMatchObject({ feature: 'f7', kind: 'noise' });
  });

  it('scores a feature alone with the same draws as its kind: one feature alone gives the kind’s own numbers', async () => {
    const data = fakeCheckData({
      columns: { x: Float64Array.from({ length: 300 }, (_, row) => (row - 150) / 30) },
      model: logisticModel({ x: 2 }),
    });
    const result = await evaluatePerturbation(spec({ kinds: ['noise'], noise_std: 0.4 }), data, 9);
    const [only] = (result.details as { features: Array<{ flip_rate: number; mean_abs_change: number }> }).features;
    expect(result.values['flip_rate.noise']).toBeGreaterThan(0);
    expect(only!.flip_rate).toBe(result.values['flip_rate.noise']);
    expect(only!.mean_abs_change).toBe(result.values['mean_abs_change.noise']);
  });

  it('gives the same numbers for the same seed, and a kind’s numbers do not depend on the other kinds', async () => {
    const columns = {
      x: Float64Array.from({ length: 500 }, (_, row) => (row - 250) / 50),
      plan: Array.from({ length: 500 }, (_, row) => String(row % 3)),
    };
    const data = fakeCheckData({ columns, model: logisticModel({ x: 1 }, { plan: { '0': 0.3, '1': -0.3 } }) });
    const first = await evaluatePerturbation(spec({ kinds: ['noise', 'swap'], noise_std: 0.3 }), data, 11);
    const again = await evaluatePerturbation(spec({ kinds: ['noise', 'swap'], noise_std: 0.3 }), data, 11);
    const noiseOnly = await evaluatePerturbation(spec({ kinds: ['noise'], noise_std: 0.3 }), data, 11);
    const otherSeed = await evaluatePerturbation(spec({ kinds: ['noise'], noise_std: 0.3 }), data, 12);
    expect(again.values).toEqual(first.values);
    expect(noiseOnly.values['mean_abs_change.noise']).toBe(first.values['mean_abs_change.noise']);
    expect(otherSeed.values['mean_abs_change.noise']).not.toBe(first.values['mean_abs_change.noise']);
  });

  it('reports a model that refuses the perturbed data as undefined values that fail their bounds, not as a crash', async () => {
    const refusing = (columns: ReadonlyMap<string, DataColumn>): ScoredRows => {
      const rooms = columns.get('rooms') as Float64Array;
      if (rooms.some((value) => Number.isNaN(value))) throw new Error('feature "rooms" is missing in row 1');
      return linearRegressor({ rooms: 1 })(columns);
    };
    const data = fakeCheckData({ columns: { rooms: Float64Array.of(1, 2, 3) }, model: refusing });
    const result = await evaluatePerturbation(spec({ kinds: ['noise', 'missing'], bounds: { mean_abs_change: { max: 1 } } }), data, 1);
    expect(result.values['mean_abs_change.missing']).toBeNull();
    expect(result.values['mean_abs_change.noise']).not.toBeNull();
    expect(result.passed).toBe(false);
    expect(result.message).toContain(
      'mean_abs_change.missing undefined (the model refused the perturbed data: feature "rooms" is missing in row 1)',
    );
    const unbounded = await evaluatePerturbation(spec({ kinds: ['missing'] }), data, 1);
    expect(unbounded.passed).toBe(true);
    expect(unbounded.message).toContain('missing: the model refused the perturbed data');
  });

  it('gives a regressor no flip rate, whether a kind applies or not', async () => {
    const data = fakeCheckData({ columns: { x: Float64Array.of(0.5, 1.5, 2.5) }, model: linearRegressor({ x: 2 }) });
    const result = await evaluatePerturbation(spec({ kinds: ['missing', 'swap'] }), data, 1);
    expect(Object.keys(result.values).sort()).toEqual(['mean_abs_change.missing', 'mean_abs_change.swap']);
  });

  it('refuses a flip-rate bound on a regressor, a feature the data lacks, and data without rows', async () => {
    const regression = fakeCheckData({ columns: { x: Float64Array.of(1, 2) }, model: linearRegressor({ x: 1 }) });
    const bounded = await failure(evaluatePerturbation(spec({ bounds: { flip_rate: { max: 0 } } }), regression, 1));
    expect(bounded.code).toBe('invalid_test_suite');
    expect(bounded.issues[0]!.path).toEqual(['checks', 'robust', 'bounds', 'flip_rate']);
    const unknown = await failure(evaluatePerturbation(spec({ features: ['x', 'nope'] }), regression, 1));
    expect(unknown.code).toBe('invalid_test_suite');
    expect(unknown.issues[0]!.path).toEqual(['checks', 'robust', 'features', 1]);
    const empty = fakeCheckData({ columns: { x: new Float64Array(0) }, model: linearRegressor({ x: 1 }) });
    expect((await failure(evaluatePerturbation(spec(), empty, 1))).code).toBe('test_data_insufficient');
  });
});
