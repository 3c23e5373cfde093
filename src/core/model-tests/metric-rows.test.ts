import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { METRIC_NAMES, METRICS, type MetricName } from '../performance/metric-registry.ts';
import { allRows, betterIsHigher, isCountMetric, metricOfRows, metricRowsOf } from './metric-rows.ts';
import { binaryFixtureData, close, fixtures, multiclassFixtureData, regressionFixtureData } from './testing/metric-fixtures.ts';
import type { CheckData } from './suite-types.ts';

const classification = METRIC_NAMES.filter((m) => METRICS[m].task === 'classification');
const regression = METRIC_NAMES.filter((m) => METRICS[m].task === 'regression');

/** The registry's compute on the listed rows, through its own ClassificationInput / RegressionInput. */
function registry(metric: MetricName, data: CheckData, subset: Int32Array): number {
  const scored = data.scored;
  const m = METRICS[metric];
  if (scored.kind === 'regression' && m.task === 'regression')
    return m.compute({ yTrue: Array.from(subset, (r) => data.labels[r]!), yPred: Array.from(subset, (r) => scored.values[r]!) });
  if (scored.kind === 'classification' && m.task === 'classification') {
    const k = scored.classes.length;
    return m.compute({
      classes: scored.classes,
      yTrue: Array.from(subset, (r) => scored.classes[data.labels[r]!]!),
      yPred: Array.from(subset, (r) => scored.classes[scored.labelIndex[r]!]!),
      probabilities: Array.from(subset, (r) => Array.from(scored.probabilities.subarray(r * k, r * k + k))),
    });
  }
  throw new Error('task mismatch');
}

/** A resample-like subset: rows repeated and out of order. */
function shuffledWithRepeats(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => (i * 7919 + 13) % n).map((r, i) => (i % 5 === 0 ? 0 : r));
}

describe('metricOfRows equals the metric registry', () => {
  const cases: [string, () => CheckData, readonly MetricName[]][] = [
    ['binary', binaryFixtureData, classification],
    ['three classes', multiclassFixtureData, classification.filter((m) => m !== 'ece' && m !== 'mce')],
    ['regression', regressionFixtureData, regression],
  ];
  for (const [name, make, metrics] of cases) {
    it(`${name}: every metric, on all rows and on a subset with repeated rows`, () => {
      const data = make();
      for (const metric of metrics) {
        const rows = metricRowsOf(data, data.scored, metric, 'c');
        for (const subset of [allRows(data.rows), shuffledWithRepeats(data.rows)]) {
          const fast = metricOfRows(metric, rows, subset);
          const exact = registry(metric, data, subset);
          expect({ metric, fast, ok: Math.abs(fast - exact) <= 1e-12 * Math.max(1, Math.abs(exact)) }).toMatchObject({ metric, ok: true });
        }
      }
    });
  }

  it('agrees with scikit-learn on the fixtures (binary, all rows)', () => {
    const data = binaryFixtureData();
    for (const [metric, expected] of Object.entries(fixtures.binary.all)) {
      const rows = metricRowsOf(data, data.scored, metric as MetricName, 'c');
      expect({ metric, ok: close(metricOfRows(metric as MetricName, rows, allRows(data.rows)), expected) }).toEqual({ metric, ok: true });
    }
  });

  it('is NaN for no rows', () => {
    const data = binaryFixtureData();
    expect(metricOfRows('accuracy', metricRowsOf(data, data.scored, 'accuracy', 'c'), new Int32Array(0))).toBeNaN();
    expect(metricOfRows('roc_auc', metricRowsOf(data, data.scored, 'roc_auc', 'c'), new Int32Array(0))).toBeNaN();
  });

  it('knows which metrics are confusion-matrix counts and which way is better', () => {
    expect(classification.filter(isCountMetric)).toEqual(['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'specificity']);
    expect([betterIsHigher('accuracy'), betterIsHigher('log_loss'), betterIsHigher('r2'), betterIsHigher('mae')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('refuses a metric of the other task as a suite error', () => {
    const data = regressionFixtureData();
    expect(() => metricRowsOf(data, data.scored, 'accuracy', 'fit')).toThrow(BallastError);
    try {
      metricRowsOf(data, data.scored, 'accuracy', 'fit');
    } catch (error) {
      expect((error as BallastError).code).toBe('invalid_test_suite');
    }
  });
});
