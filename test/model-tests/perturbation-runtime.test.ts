import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateDirection } from '../../src/core/model-tests/direction-check.ts';
import { evaluateInvariance } from '../../src/core/model-tests/invariance-check.ts';
import { evaluatePerturbation } from '../../src/core/model-tests/perturbation-check.ts';
import { SeededRandom } from '../../src/core/model-tests/seeded-random.ts';
import type { CheckData, DataColumn, ScoredRows } from '../../src/core/model-tests/suite-types.ts';
import type { LoadedModel } from '../../src/runtime/model-runtime.ts';
import { onnxRuntime } from '../../src/runtime/onnx/onnx-runtime.ts';
import { fixtureModel } from '../fixtures/onnx/read-fixture.ts';
import { runtimeCheckData, scoredRows } from './testing/runtime-check-data.ts';

// The perturbation, invariance and direction checks against real models through the ONNX runtime: a
// scikit-learn pipeline (imputer, scaler, one-hot encoder, logistic regression over three classes, with an
// int64 input) and a binary logistic regression. Expected numbers are computed here by predicting the
// perturbed data directly, so the evaluators are held to what the model really answers.

const ROWS = 400;
let pipeline: LoadedModel;
let logistic: LoadedModel;

beforeAll(async () => {
  pipeline = await onnxRuntime.load(fixtureModel('column-pipeline'));
  logistic = await onnxRuntime.load(fixtureModel('binary-logistic'));
});
afterAll(async () => {
  await pipeline.close();
  await logistic.close();
});

function pipelineColumns(): Record<string, DataColumn> {
  const random = new SeededRandom(42);
  const pick = <T>(values: readonly T[]) => values[random.nextInt(values.length)]!;
  return {
    age: Float64Array.from({ length: ROWS }, () => 20 + 45 * random.nextFloat()),
    income: Float64Array.from({ length: ROWS }, () => 20 + 70 * random.nextFloat()),
    city: Array.from({ length: ROWS }, () => pick(['paris', 'lyon', 'nice', 'berlin'])),
    plan: Array.from({ length: ROWS }, () => pick(['basic', 'pro'])),
    rooms: Float64Array.from({ length: ROWS }, () => 1 + random.nextInt(5)),
  };
}

async function predictWith(model: LoadedModel, data: CheckData, replaced: Record<string, DataColumn>): Promise<ScoredRows> {
  const columns = model.signature.inputs.map((feature) => replaced[feature.name] ?? data.columns.get(feature.name)!);
  return scoredRows(await model.predict({ rowCount: data.rows, columns }));
}

/** Flip rate and mean of the largest |Δp| per row, computed row by row. */
function movement(before: ScoredRows, after: ScoredRows): { flipRate: number; meanAbsChange: number } {
  if (before.kind !== 'classification' || after.kind !== 'classification') throw new Error('classifiers only');
  const k = before.classes.length;
  let flips = 0;
  let sum = 0;
  for (let row = 0; row < ROWS; row++) {
    if (before.labelIndex[row] !== after.labelIndex[row]) flips++;
    let largest = 0;
    for (let c = 0; c < k; c++)
      largest = Math.max(largest, Math.abs(after.probabilities[row * k + c]! - before.probabilities[row * k + c]!));
    sum += k === 2 ? Math.abs(after.probabilities[row * 2 + 1]! - before.probabilities[row * 2 + 1]!) : largest;
  }
  return { flipRate: flips / ROWS, meanAbsChange: sum / ROWS };
}

const perturbationSpec = {
  name: 'robust',
  type: 'perturbation',
  severity: 'error',
  noise_std: 0.5,
  feature_share: 1,
  bounds: {},
} as const;

describe('evaluatePerturbation on a real pipeline', () => {
  it('values set missing move the answers exactly as the model says', async () => {
    const data = await runtimeCheckData(pipeline, pipelineColumns());
    const features = ['age', 'income', 'city', 'plan'];
    const result = await evaluatePerturbation({ ...perturbationSpec, kinds: ['missing'], features }, data, 3);
    const missing = {
      age: new Float64Array(ROWS).fill(Number.NaN),
      income: new Float64Array(ROWS).fill(Number.NaN),
      city: new Array<null>(ROWS).fill(null),
      plan: new Array<null>(ROWS).fill(null),
    };
    const expected = movement(data.scored, await predictWith(pipeline, data, missing));
    expect(expected.flipRate).toBeGreaterThan(0);
    expect(result.values['flip_rate.missing']).toBeCloseTo(expected.flipRate, 12);
    expect(result.values['mean_abs_change.missing']).toBeCloseTo(expected.meanAbsChange, 12);
  });

  it('noise keeps the int64 input whole, swaps move the answers, and the int64 input refusing a missing value is reported', async () => {
    const data = await runtimeCheckData(pipeline, pipelineColumns());
    const spec = { ...perturbationSpec, kinds: ['noise', 'swap', 'missing'] as const, bounds: { mean_abs_change: { max: 1 } } };
    const result = await evaluatePerturbation(spec, data, 3);
    expect(result.values['flip_rate.noise']).toBeGreaterThan(0);
    expect(result.values['flip_rate.swap']).toBeGreaterThan(0);
    expect(result.values['mean_abs_change.noise']).toBeGreaterThan(0);
    expect(result.values['mean_abs_change.missing']).toBeNull();
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/mean_abs_change\.missing undefined \(the model refused the perturbed data: feature "rooms" is missing/);
    const details = result.details as { features: Array<{ feature: string }>; features_examined: number };
    expect(details.features_examined).toBe(5);
    expect(details.features.map((entry) => entry.feature).sort()).toEqual(['age', 'city', 'income', 'plan', 'rooms']);
    expect((await evaluatePerturbation(spec, data, 3)).values).toEqual(result.values);
  });
});

describe('evaluateInvariance on a real pipeline', () => {
  it('setting every city to one value flips exactly the rows the model says', async () => {
    const data = await runtimeCheckData(pipeline, pipelineColumns());
    const result = await evaluateInvariance(
      { name: 'city-free', type: 'invariance', severity: 'error', feature: 'city', values: ['berlin'], max_flip_rate: 0 },
      data,
      1,
    );
    const expected = movement(data.scored, await predictWith(pipeline, data, { city: new Array<string>(ROWS).fill('berlin') }));
    expect(expected.flipRate).toBeGreaterThan(0);
    expect(result.values.flip_rate).toBe(expected.flipRate);
    expect(result.passed).toBe(false);
  });
});

describe('evaluateDirection on a real logistic regression', () => {
  it('agrees with the sign of each coefficient: no violation the right way, every row the wrong way', async () => {
    const random = new SeededRandom(7);
    const names = logistic.signature.inputs.map((feature) => feature.name);
    const columns = Object.fromEntries(names.map((name) => [name, Float64Array.from({ length: ROWS }, () => random.nextNormal())]));
    const data = await runtimeCheckData(logistic, columns);
    for (const feature of names) {
      // The coefficient's sign, read from the model: P(1) of the first row before and after raising the feature.
      const raised = (columns[feature] as Float64Array).map((value) => value + 0.5);
      const after = await predictWith(logistic, data, { [feature]: raised });
      if (after.kind !== 'classification' || data.scored.kind !== 'classification') throw new Error('a classifier');
      const rises = after.probabilities[1]! > data.scored.probabilities[1]!;
      const base = {
        name: `${feature}-up`,
        type: 'direction',
        severity: 'error',
        feature,
        change: 0.5,
        epsilon: 0,
        max_violation_rate: 0,
      } as const;
      const right = await evaluateDirection({ ...base, expect: rises ? 'increase' : 'decrease' }, data, 0);
      const wrong = await evaluateDirection({ ...base, expect: rises ? 'decrease' : 'increase' }, data, 0);
      expect(right.values.violation_rate, feature).toBe(0);
      expect(right.passed).toBe(true);
      expect(wrong.values.violation_rate, feature).toBe(1);
      expect(wrong.passed).toBe(false);
    }
  });
});
