import { describe, expect, it } from 'vitest';
import { ClassificationWindow } from './classification-window.ts';
import { isMetricName, METRIC_NAMES, METRICS, parseMetricList } from './metric-registry.ts';
import { RegressionWindow } from './regression-window.ts';
import { close, inputOf, orNaN, references } from './testing/references.ts';

describe('metric registry', () => {
  it('has the names the CLI and alerts use, with their direction', () => {
    expect([...METRIC_NAMES].sort()).toEqual(
      [
        'roc_auc',
        'accuracy',
        'f1',
        'precision',
        'recall',
        'balanced_accuracy',
        'average_precision',
        'log_loss',
        'brier',
        'ece',
        'mce',
        'mae',
        'rmse',
        'mape',
        'r2',
        'median_absolute_error',
        'specificity',
      ].sort(),
    );
    const better = METRIC_NAMES.filter((n) => METRICS[n].higherIsBetter).sort();
    expect(better).toEqual([
      'accuracy',
      'average_precision',
      'balanced_accuracy',
      'f1',
      'precision',
      'r2',
      'recall',
      'roc_auc',
      'specificity',
    ]);
    expect(isMetricName('toString')).toBe(false);
  });

  it('computes each classification metric by name as sklearn does, exactly and from a window', () => {
    const c = references.binary[0]!;
    const window = new ClassificationWindow(c.classes);
    c.y_true.forEach((y, i) => window.add(y, c.y_pred[i]!, c.probabilities[i]!));
    const windowMetrics = window.metrics();
    const expected: Record<string, number> = {
      accuracy: c.accuracy,
      balanced_accuracy: c.balanced_accuracy,
      precision: c.precision,
      recall: c.recall,
      f1: c.f1,
      specificity: c.specificity,
      roc_auc: orNaN(c.roc_auc),
      average_precision: c.average_precision,
      log_loss: c.log_loss,
      brier: c.brier,
      ece: c.calibration.ece,
      mce: c.calibration.mce,
    };
    for (const [name, value] of Object.entries(expected)) {
      const metric = METRICS[name as 'accuracy'];
      expect({ name, ok: close(metric.compute(inputOf(c)), value) }).toEqual({ name, ok: true });
      const tolerance =
        name === 'roc_auc'
          ? windowMetrics.roc_auc_error_bound
          : name === 'average_precision'
            ? windowMetrics.average_precision_error_bound
            : 1e-9;
      expect(Math.abs(metric.fromWindow(windowMetrics) - value)).toBeLessThanOrEqual(tolerance + 1e-12);
    }
  });

  it('computes each regression metric by name', () => {
    const c = references.regression[0]!;
    const window = new RegressionWindow();
    c.y_true.forEach((y, i) => window.add(y, c.y_pred[i]!));
    for (const name of ['mae', 'rmse', 'mape', 'r2'] as const) {
      expect(close(METRICS[name].compute({ yTrue: c.y_true, yPred: c.y_pred }), orNaN(c[name]))).toBe(true);
      expect(close(METRICS[name].fromWindow(window.metrics()), orNaN(c[name]))).toBe(true);
    }
    expect(close(METRICS.median_absolute_error.compute({ yTrue: c.y_true, yPred: c.y_pred }), c.median_absolute_error)).toBe(true);
  });

  it('parses a list of names and refuses unknown ones and the other task', () => {
    expect(parseMetricList(' roc_auc,f1 ,roc_auc', 'metrics', 'classification')).toEqual(['roc_auc', 'f1']);
    expect(() => parseMetricList('auc,f1', 'metrics')).toThrow(
      'the metric list cannot be used: metrics[0]: "auc" is not a metric; known: accuracy,',
    );
    expect(() => parseMetricList('mae', 'metrics', 'classification')).toThrow(
      'the metric list cannot be used: metrics[0]: mae is a regression metric, not a classification one',
    );
    expect(() => parseMetricList(' , ', 'metrics')).toThrow(
      expect.objectContaining({ code: 'invalid_argument', issues: [{ code: 'missing', path: ['metrics'], message: 'names no metric' }] }),
    );
  });
});
