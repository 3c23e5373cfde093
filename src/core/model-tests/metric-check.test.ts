import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import type { MetricName } from '../performance/metric-registry.ts';
import { evaluateMetric } from './metric-check.ts';
import { binaryFixtureData, close, fixtures, multiclassFixtureData, regressionFixtureData } from './testing/metric-fixtures.ts';
import type { CheckData, MetricCheckSpec, RowFilter } from './suite-types.ts';

function spec(metric: MetricName, bound: MetricCheckSpec['bound'] = { min: 0 }, where?: RowFilter): MetricCheckSpec {
  return { name: 'm', type: 'metric', severity: 'error', metric, bound, ...(where === undefined ? {} : { where }) };
}

async function valueOf(data: CheckData, metric: MetricName, where?: RowFilter): Promise<number | null> {
  return (await evaluateMetric(spec(metric, { min: -1e9 }, where), data, 0)).values[metric]!;
}

async function mismatches(data: CheckData, expected: Record<string, number>, where?: RowFilter) {
  const out: Record<string, { actual: number | null; expected: number }> = {};
  for (const [metric, value] of Object.entries(expected)) {
    const actual = await valueOf(data, metric as MetricName, where);
    if (!close(actual, value)) out[metric] = { actual, expected: value };
  }
  return out;
}

describe('the metric check against scikit-learn', () => {
  it('reads fixtures made by scikit-learn 1.9', () => expect(fixtures.sklearn).toBe('1.9.1'));

  it('binary: every classification metric on all rows and on where region = north', async () => {
    expect(await mismatches(binaryFixtureData(), fixtures.binary.all)).toEqual({});
    expect(await mismatches(binaryFixtureData(), fixtures.binary.north, { region: 'north' })).toEqual({});
  });

  it('three classes: macro averages, one-vs-rest ROC AUC, log loss and the multiclass Brier score', async () => {
    expect(await mismatches(multiclassFixtureData(), fixtures.multiclass.all)).toEqual({});
  });

  it('regression: every regression metric on all rows and on where segment = business', async () => {
    expect(await mismatches(regressionFixtureData(), fixtures.regression.all)).toEqual({});
    expect(await mismatches(regressionFixtureData(), fixtures.regression.business, { segment: 'business' })).toEqual({});
  });
});

describe('the metric check', () => {
  it('passes within its bound and fails outside, saying why', async () => {
    const accuracy = fixtures.binary.all.accuracy; // 0.84
    const pass = await evaluateMetric(spec('accuracy', { min: 0.8 }), binaryFixtureData(), 0);
    expect(pass).toMatchObject({ passed: true, type: 'metric', values: { accuracy }, bounds: { accuracy: { min: 0.8 } } });
    expect(pass.message).toBe('accuracy 0.84 on 300 rows is ≥ 0.8');
    const fail = await evaluateMetric(spec('log_loss', { max: 0.3 }), binaryFixtureData(), 0);
    expect(fail.passed).toBe(false);
    expect(fail.message).toMatch(/^log_loss 0\.4036 on 300 rows is not ≤ 0\.3$/);
    const between = await evaluateMetric(spec('accuracy', { min: 0.5, max: 0.8 }), binaryFixtureData(), 0);
    expect(between.passed).toBe(false);
  });

  it('counts the where rows and names them in the message', async () => {
    const north = fixtures.binary.region.filter((r) => r === 'north').length;
    const result = await evaluateMetric(spec('accuracy', { min: 0 }, { region: 'north' }), binaryFixtureData(), 0);
    expect(result.details).toEqual({ rows: north });
    expect(result.message).toContain(`on ${north} rows where region = north`);
  });

  it('matches numeric where values as numbers', async () => {
    const age = fixtures.binary.age[0]!;
    const result = await evaluateMetric(spec('accuracy', { min: 0 }, { age: String(age) }), binaryFixtureData(), 0);
    const rows = fixtures.binary.age.filter((a) => a === age).length;
    expect(result.details).toEqual({ rows });
  });

  it('refuses a where that selects no row with test_data_insufficient', async () => {
    const error = await evaluateMetric(spec('accuracy', { min: 0 }, { region: 'west' }), binaryFixtureData(), 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('test_data_insufficient');
    expect((error as BallastError).message).toContain('region = west');
  });

  it('refuses a metric of the other task with invalid_test_suite pointing at the metric', async () => {
    const error = (await evaluateMetric(spec('mae'), binaryFixtureData(), 0).catch((e: unknown) => e)) as BallastError;
    expect(error.code).toBe('invalid_test_suite');
    expect(error.issues[0]!.path).toEqual(['checks', 'm', 'metric']);
    const other = (await evaluateMetric(spec('roc_auc'), regressionFixtureData(), 0).catch((e: unknown) => e)) as BallastError;
    expect(other.code).toBe('invalid_test_suite');
  });

  it('gives null for an undefined metric and fails it', async () => {
    // ROC AUC of rows that are all of one class is undefined (sklearn raises; Ballast says NaN).
    const data = binaryFixtureData();
    const firstLabel = fixtures.binary.labels[0];
    const age = fixtures.binary.age[0]!;
    const result = await evaluateMetric(spec('roc_auc', { min: 0 }, { age }), data, 0);
    expect(fixtures.binary.labels.filter((_, i) => fixtures.binary.age[i] === age).every((l) => l === firstLabel)).toBe(true);
    expect(result.values.roc_auc).toBeNull();
    expect(result.passed).toBe(false);
  });
});
