import { describe, expect, it } from 'vitest';
import { averagePrecision, rocAuc } from './ranking-metrics.ts';
import { close, inputOf, orNaN, references } from './testing/references.ts';

describe('ROC AUC and average precision against scikit-learn 1.9', () => {
  for (const c of [...references.binary, ...references.multiclass]) {
    it(c.name, () => {
      const input = inputOf(c);
      expect({ roc_auc: rocAuc(input), ok: close(rocAuc(input), orNaN(c.roc_auc)) }).toMatchObject({ ok: true });
      expect({ ap: averagePrecision(input), ok: close(averagePrecision(input), c.average_precision) }).toMatchObject({ ok: true });
    });
  }

  it('counts a tied positive–negative pair as one half', () => {
    expect(
      rocAuc({
        classes: [0, 1],
        yTrue: [0, 1],
        probabilities: [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      }),
    ).toBe(0.5);
    expect(
      rocAuc({
        classes: [0, 1],
        yTrue: [0, 1, 1],
        probabilities: [
          [0.6, 0.4],
          [0.6, 0.4],
          [0.1, 0.9],
        ],
      }),
    ).toBe(0.75);
  });

  it('is NaN with one class only (sklearn warns and returns NaN), and AP is 0 without positives', () => {
    const input = {
      classes: [0, 1],
      yTrue: [0, 0],
      probabilities: [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
    };
    expect(rocAuc(input)).toBeNaN();
    expect(averagePrecision(input)).toBe(0);
  });

  it('treats a group of tied scores as one step of the precision–recall curve', () => {
    // Scores 0.9 (positive), then a tie at 0.5 of one positive and one negative: AP = 1/2·1 + 1/2·2/3.
    const input = {
      classes: [0, 1],
      yTrue: [1, 1, 0],
      probabilities: [
        [0.1, 0.9],
        [0.5, 0.5],
        [0.5, 0.5],
      ],
    };
    expect(averagePrecision(input)).toBeCloseTo(0.5 + 1 / 3, 15);
  });
});
