import { describe, expect, it } from 'vitest';
import { accuracy, balancedAccuracy, precisionRecallF1, specificity } from './label-metrics.ts';
import { close, inputOf, references } from './testing/references.ts';

describe('label metrics against scikit-learn 1.9', () => {
  it('reads fixtures made by the pinned scikit-learn', () => expect(references.sklearn).toBe('1.9.1'));

  for (const c of references.binary) {
    it(`binary: ${c.name}`, () => {
      const input = inputOf(c);
      expect(close(accuracy(input), c.accuracy)).toBe(true);
      expect(close(balancedAccuracy(input), c.balanced_accuracy)).toBe(true);
      expect({ specificity: specificity(input), ok: close(specificity(input), c.specificity) }).toMatchObject({ ok: true });
      const prf = precisionRecallF1(input);
      expect([prf.precision, prf.recall, prf.f1].map((v, i) => close(v, [c.precision, c.recall, c.f1][i]!))).toEqual([true, true, true]);
    });
  }
  for (const c of references.multiclass) {
    it(`multiclass: ${c.name}`, () => {
      const input = inputOf(c);
      expect(close(accuracy(input), c.accuracy)).toBe(true);
      expect(close(balancedAccuracy(input), c.balanced_accuracy)).toBe(true);
      expect({ specificity: specificity(input), ok: close(specificity(input), c.specificity) }).toMatchObject({ ok: true });
      for (const average of ['macro', 'weighted'] as const) {
        const prf = precisionRecallF1(input, average);
        const expected = c[average];
        expect({ average, precision: prf.precision, recall: prf.recall, f1: prf.f1 }).toEqual({
          average,
          precision: expect.closeTo(expected.precision, 9),
          recall: expect.closeTo(expected.recall, 9),
          f1: expect.closeTo(expected.f1, 9),
        });
      }
    });
  }

  it('gives 0 where a ratio has no denominator (sklearn zero_division default), never NaN', () => {
    const input = { classes: [0, 1], yTrue: [0, 0, 1], yPred: [0, 0, 0] };
    expect(precisionRecallF1(input)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('averages over classes seen in y_true or y_pred only (sklearn labels=None)', () => {
    // Class 2 never occurs: the macro precision is the mean over classes 0 and 1 (1 and 0.5), not over three.
    const input = { classes: [0, 1, 2], yTrue: [0, 1, 1], yPred: [0, 1, 0] };
    expect(precisionRecallF1(input, 'macro').precision).toBeCloseTo(0.75, 12);
  });

  it('balanced accuracy leaves out classes that were only predicted', () => {
    expect(balancedAccuracy({ classes: [0, 1, 2], yTrue: [0, 0, 1], yPred: [0, 2, 1] })).toBeCloseTo(0.75, 12);
  });
});
