import { describe, expect, it } from 'vitest';
import type { BallastError } from '../errors.ts';
import type { MetricName } from '../performance/metric-registry.ts';
import { evaluateChampionChallenger } from './champion-challenger-check.ts';
import { SeededRandom } from './seeded-random.ts';
import type { ChampionChallengerCheckSpec, CheckData, ScoredRows } from './suite-types.ts';
import { binaryScored, fakeCheckData } from './testing/metric-check-data.ts';
import { fixtures } from './testing/metric-fixtures.ts';

function spec(metric: MetricName, options: Partial<ChampionChallengerCheckSpec> = {}): ChampionChallengerCheckSpec {
  return {
    name: 'cc',
    type: 'champion_challenger',
    severity: 'error',
    alias: 'champion',
    metric,
    margin: 0.01,
    bootstrap: 200,
    confidence: 0.95,
    ...options,
  };
}

const labels = Int32Array.from(fixtures.binary.labels);
const good = binaryScored(fixtures.binary.positive_probability);
/** A model that knows nothing: probabilities unrelated to the label. */
const random = new SeededRandom(77);
const noise = binaryScored(fixtures.binary.labels.map(() => 0.05 + 0.9 * random.nextFloat()));

function data(tested: ScoredRows, champion: ScoredRows): CheckData {
  return fakeCheckData({ labels, scored: tested, aliases: { champion: { version: 3, scored: champion } } });
}

describe('the champion_challenger check', () => {
  for (const metric of ['accuracy', 'roc_auc', 'log_loss'] as const) {
    it(`finds no difference between identical versions (${metric}), and passes even with no margin`, async () => {
      const result = await evaluateChampionChallenger(spec(metric, { margin: 0 }), data(good, good), 1);
      expect(result.values.difference).toBe(0);
      expect(result.values.tested).toBe(result.values.champion);
      expect(result.intervals).toEqual({ difference: [0, 0] });
      expect(result.passed).toBe(true);
      expect(result.details).toEqual({ champion_version: 3, alias: 'champion', metric, rows: labels.length });
    });
  }

  for (const metric of ['accuracy', 'roc_auc', 'log_loss'] as const) {
    it(`fails a version much worse than the champion (${metric}), with the difference oriented negative`, async () => {
      const result = await evaluateChampionChallenger(spec(metric), data(noise, good), 1);
      expect(result.passed).toBe(false);
      expect(result.values.difference!).toBeLessThan(-0.1);
      expect(result.intervals!.difference![1]).toBeLessThan(-0.01);
      expect(result.bounds).toEqual({ difference: { min: -0.01 } });
      expect(result.message).toContain('possibly worse than champion by more than 0.01');
    });
  }

  it('passes a version much better than the champion, the difference positive', async () => {
    const result = await evaluateChampionChallenger(spec('log_loss'), data(good, noise), 1);
    expect(result.passed).toBe(true);
    expect(result.values.difference).toBeCloseTo(result.values.champion! - result.values.tested!, 12);
    expect(result.values.difference!).toBeGreaterThan(0.1);
    expect(result.intervals!.difference![0]).toBeGreaterThan(0);
  });

  it('judges the low end of the interval, not the point: a tiny worse difference on few rows passes a margin the noise covers', async () => {
    // The champion answers one row more right than the tested version: −1/300 accuracy, well within sampling noise.
    const worseByOne = binaryScored(fixtures.binary.positive_probability.map((p, i) => (i === firstRightRow() ? 1 - p : p)));
    const result = await evaluateChampionChallenger(spec('accuracy', { margin: 0.02 }), data(worseByOne, good), 1);
    expect(result.values.difference).toBeCloseTo(-1 / 300, 12);
    expect(result.passed).toBe(true);
    const strict = await evaluateChampionChallenger(spec('accuracy', { margin: 0.0001 }), data(worseByOne, good), 1);
    expect(strict.passed).toBe(false);
    const point = await evaluateChampionChallenger(spec('accuracy', { margin: 0.0001, bootstrap: 0 }), data(worseByOne, good), 1);
    expect(point).toMatchObject({ passed: false });
    expect(point.intervals).toBeUndefined();
  });

  it('matches the champion classes by value when its order differs', async () => {
    const reversed: ScoredRows = {
      kind: 'classification',
      classes: ['yes', 'no'],
      probabilities: Float64Array.from(fixtures.binary.positive_probability.flatMap((p) => [p, 1 - p])),
      labelIndex: Int32Array.from(fixtures.binary.positive_probability, (p) => (p >= 0.5 ? 0 : 1)),
    };
    const result = await evaluateChampionChallenger(spec('roc_auc', { margin: 0 }), data(good, reversed), 1);
    expect(result.values.difference).toBe(0);
    expect(result.passed).toBe(true);
  });

  it('refuses a champion with other classes or of the other task as a suite error', async () => {
    const other = binaryScored(fixtures.binary.positive_probability, ['bad', 'good']);
    const error = (await evaluateChampionChallenger(spec('accuracy'), data(good, other), 1).catch((e: unknown) => e)) as BallastError;
    expect(error.code).toBe('invalid_test_suite');
    expect(error.issues[0]!.path).toEqual(['checks', 'cc', 'alias']);
    const regression: ScoredRows = { kind: 'regression', values: new Float64Array(labels.length) };
    const task = (await evaluateChampionChallenger(spec('accuracy'), data(good, regression), 1).catch((e: unknown) => e)) as BallastError;
    expect(task.code).toBe('invalid_test_suite');
  });

  it('lets an unknown alias fail as alias_not_found', async () => {
    const error = (await evaluateChampionChallenger(spec('accuracy', { alias: 'staging' }), data(good, good), 1).catch(
      (e: unknown) => e,
    )) as BallastError;
    expect(error.code).toBe('alias_not_found');
  });

  it('is reproducible from its seed', async () => {
    const a = await evaluateChampionChallenger(spec('roc_auc'), data(noise, good), 5);
    expect(await evaluateChampionChallenger(spec('roc_auc'), data(noise, good), 5)).toEqual(a);
    expect((await evaluateChampionChallenger(spec('roc_auc'), data(noise, good), 6)).intervals).not.toEqual(a.intervals);
  });
});

function firstRightRow(): number {
  return fixtures.binary.labels.findIndex((y, i) => (fixtures.binary.positive_probability[i]! >= 0.5 ? 1 : 0) === y);
}
