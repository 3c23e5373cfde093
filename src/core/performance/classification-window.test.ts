import { describe, expect, it } from 'vitest';
import { ClassificationWindow } from './classification-window.ts';
import { close, orNaN, references } from './testing/references.ts';
import type { BinaryReference, MulticlassReference } from './testing/references.ts';

/** The fixture's rows in three windows, merged (one through JSON), as replicas would. */
function mergedWindow(c: BinaryReference | MulticlassReference): ClassificationWindow {
  const parts = [new ClassificationWindow(c.classes), new ClassificationWindow(c.classes), new ClassificationWindow(c.classes)];
  c.y_true.forEach((y, i) => expect(parts[i % 3]!.add(y, c.y_pred[i]!, c.probabilities[i]!)).toEqual([]));
  const [a, b, d] = parts;
  return ClassificationWindow.fromJSON(JSON.parse(JSON.stringify(a!.merge(b!)))).merge(d!);
}

describe('ClassificationWindow against scikit-learn 1.9, after merging three windows', () => {
  for (const c of [...references.binary, ...references.multiclass]) {
    it(c.name, () => {
      const m = mergedWindow(c);
      const metrics = m.metrics();
      expect(metrics.rows).toBe(c.y_true.length);
      expect(metrics.confusion_matrix.counts).toEqual(c.confusion_matrix);
      const headline = 'macro' in c ? c.macro : c;
      const expected: Record<string, number> = {
        accuracy: c.accuracy,
        balanced_accuracy: c.balanced_accuracy,
        precision: headline.precision,
        recall: headline.recall,
        f1: headline.f1,
        specificity: c.specificity,
        log_loss: c.log_loss,
        brier: c.brier,
        ece: c.calibration.ece,
        mce: c.calibration.mce,
        roc_auc: orNaN(c.histogram_roc_auc),
      };
      for (const [name, value] of Object.entries(expected)) {
        expect({ name, ok: close(metrics[name as keyof typeof metrics] as number, value) }).toEqual({ name, ok: true });
      }
      expect(metrics.reliability.map((p) => p.count)).toEqual(c.calibration.counts);
      metrics.reliability.forEach((p, i) => expect(close(p.observed_frequency, c.calibration.prob_true[i]!)).toBe(true));
      // ROC AUC and AP are binned: within their stated bound of sklearn's exact values.
      if (c.roc_auc !== null) expect(Math.abs(metrics.roc_auc - c.roc_auc)).toBeLessThanOrEqual(metrics.roc_auc_error_bound + 1e-12);
      expect(Math.abs(metrics.average_precision - c.average_precision)).toBeLessThanOrEqual(metrics.average_precision_error_bound + 1e-12);
      if ('macro' in c) {
        expect(close(metrics.weighted.f1, c.weighted.f1)).toBe(true);
        expect(close(metrics.macro.precision, c.macro.precision)).toBe(true);
      }
    });
  }

  it('refuses a bad item whole and keeps the window as it was', () => {
    const window = new ClassificationWindow(['no', 'yes']);
    expect(window.add('no', 'yes', [0.3, 0.7])).toEqual([]);
    const before = JSON.stringify(window);
    const issues = window.add('maybe', 'yes', [Number.NaN, 1.2], ['feedback', 4]);
    expect(issues.map((i) => i.path)).toEqual([
      ['feedback', 4, 'label'],
      ['feedback', 4, 'probabilities', 0],
      ['feedback', 4, 'probabilities', 1],
    ]);
    expect(window.add('yes', 'yes', [0.3, 0.6])).toEqual([
      { code: 'invalid_value', path: ['probabilities'], message: 'sums to 0.8999999999999999, not 1' },
    ]);
    expect(JSON.stringify(window)).toBe(before);
    expect(window.count).toBe(1);
  });

  it('gives NaN for every metric of an empty window, not a perfect score', () => {
    const metrics = new ClassificationWindow([0, 1, 2]).metrics();
    for (const name of [
      'accuracy',
      'balanced_accuracy',
      'precision',
      'recall',
      'f1',
      'specificity',
      'roc_auc',
      'average_precision',
      'log_loss',
      'brier',
      'ece',
      'mce',
    ] as const) {
      expect({ name, value: metrics[name] }).toEqual({ name, value: Number.NaN });
    }
  });

  it('refuses to merge windows of different classes or bins', () => {
    expect(() => new ClassificationWindow([0, 1]).merge(new ClassificationWindow([1, 0]))).toThrow(RangeError);
    expect(() => new ClassificationWindow([0, 1]).merge(new ClassificationWindow([0, 1], { scoreBins: 10 }))).toThrow(RangeError);
    expect(() => new ClassificationWindow([0])).toThrow(/at least two/);
  });

  it('refuses a state whose counts disagree', () => {
    const state = new ClassificationWindow([0, 1]).toJSON();
    expect(() => ClassificationWindow.fromJSON({ ...state, count: 3 })).toThrow(/counts 0 rows/);
  });
});
