import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  r2,
  regressionMetrics,
  rootMeanSquaredError,
} from './regression-metrics.ts';
import { close, orNaN, references } from './testing/references.ts';

describe('regression metrics against scikit-learn 1.9', () => {
  for (const c of references.regression) {
    it(c.name, () => {
      const input = { yTrue: c.y_true, yPred: c.y_pred };
      const actual = {
        mae: meanAbsoluteError(input),
        rmse: rootMeanSquaredError(input),
        r2: r2(input),
        median_absolute_error: medianAbsoluteError(input),
      };
      const expected = { mae: c.mae, rmse: c.rmse, r2: orNaN(c.r2), median_absolute_error: c.median_absolute_error };
      for (const key of Object.keys(expected) as (keyof typeof expected)[])
        expect({ key, ok: close(actual[key], expected[key]) }).toEqual({ key, ok: true });
      // MAPE with a zero target is about 1e14 times the error: compare relatively there.
      const mape = meanAbsolutePercentageError(input);
      expect(Math.abs(mape - c.mape)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.mape)));
      expect(regressionMetrics(input)).toEqual({ rows: c.y_true.length, ...actual, mape, median_absolute_error_rank_error: 0 });
    });
  }

  it('R² of a constant target: 1 when exact, 0 otherwise; NaN for one row', () => {
    expect(r2({ yTrue: [2, 2], yPred: [2, 2] })).toBe(1);
    expect(r2({ yTrue: [2, 2], yPred: [2, 3] })).toBe(0);
    expect(r2({ yTrue: [2], yPred: [2] })).toBeNaN();
  });

  it('refuses NaN, infinity, mismatched lengths and empty input with issues', () => {
    try {
      meanAbsoluteError({ yTrue: [1, Number.NaN], yPred: [1, Number.POSITIVE_INFINITY] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BallastError);
      expect((error as BallastError).code).toBe('invalid_value');
      expect((error as BallastError).issues.map((i) => i.path)).toEqual([
        ['y_true', 1],
        ['y_pred', 1],
      ]);
    }
    expect(() => r2({ yTrue: [1, 2], yPred: [1] })).toThrow('the rows cannot be scored: y_pred: has 1 rows but y_true has 2');
    expect(() => medianAbsoluteError({ yTrue: [], yPred: [] })).toThrow(/no rows/);
  });
});
