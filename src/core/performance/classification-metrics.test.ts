import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './classification-metrics.ts';
import { close, inputOf, orNaN, references } from './testing/references.ts';

describe('classificationMetrics: every metric at once, against scikit-learn 1.9', () => {
  for (const c of [...references.binary, ...references.multiclass]) {
    it(c.name, () => {
      const m = classificationMetrics(inputOf(c));
      const headline = 'macro' in c ? c.macro : c;
      const expected: Record<string, number> = {
        accuracy: c.accuracy,
        balanced_accuracy: c.balanced_accuracy,
        precision: headline.precision,
        recall: headline.recall,
        f1: headline.f1,
        specificity: c.specificity,
        roc_auc: orNaN(c.roc_auc),
        average_precision: c.average_precision,
        log_loss: c.log_loss,
        brier: c.brier,
        ece: c.calibration.ece,
        mce: c.calibration.mce,
        roc_auc_error_bound: 0,
        average_precision_error_bound: 0,
      };
      for (const [name, value] of Object.entries(expected)) {
        expect({ name, ok: close(m[name as keyof typeof m] as number, value) }).toEqual({ name, ok: true });
      }
      expect(m.rows).toBe(c.y_true.length);
      expect(m.confusion_matrix.counts).toEqual(c.confusion_matrix);
      expect(m.reliability.map((p) => p.bin)).toEqual(c.calibration.bins);
      if ('macro' in c) {
        expect(close(m.weighted.recall, c.weighted.recall)).toBe(true);
        expect(close(m.macro.f1, c.macro.f1)).toBe(true);
      }
    });
  }

  it('needs both predicted labels and probabilities', () => {
    expect(() => classificationMetrics({ classes: [0, 1], yTrue: [0], probabilities: [[1, 0]] })).toThrow(/needs predicted labels/);
    expect(() => classificationMetrics({ classes: [0, 1], yTrue: [0], yPred: [0] })).toThrow(/needs probabilities/);
  });
});
