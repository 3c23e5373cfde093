/** The scikit-learn reference rows and values (test/fixtures/model-tests/metric-checks.json, made by make_metric_fixtures.py) as CheckData. */
import fixtures from '../../../../test/fixtures/model-tests/metric-checks.json' with { type: 'json' };
import type { CheckData } from '../suite-types.ts';
import { binaryScored, fakeCheckData, multiclassScored } from './metric-check-data.ts';

export { fixtures };

export function binaryFixtureData(): CheckData {
  const b = fixtures.binary;
  return fakeCheckData({
    labels: Int32Array.from(b.labels),
    scored: binaryScored(b.positive_probability),
    columns: { region: b.region, age: Float64Array.from(b.age) },
  });
}

export function multiclassFixtureData(): CheckData {
  const m = fixtures.multiclass;
  return fakeCheckData({ labels: Int32Array.from(m.labels), scored: multiclassScored(m.probabilities, ['a', 'b', 'c']) });
}

export function regressionFixtureData(): CheckData {
  const r = fixtures.regression;
  return fakeCheckData({
    labels: Float64Array.from(r.labels),
    scored: { kind: 'regression', values: Float64Array.from(r.predictions) },
    columns: { segment: r.segment },
  });
}

/** Equal within 1e-9, relative to the larger magnitude (and absolute near 0). */
export function close(actual: number | null, expected: number): boolean {
  return actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}
