import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { evaluateCalibration } from './calibration-check.ts';
import type { CalibrationCheckSpec } from './suite-types.ts';
import { binaryFixtureData, close, fixtures, multiclassFixtureData, regressionFixtureData } from './testing/metric-fixtures.ts';

function spec(bounds: CalibrationCheckSpec['bounds'], bins = 5): CalibrationCheckSpec {
  return { name: 'cal', type: 'calibration', severity: 'error', bins, bounds };
}

describe('the calibration check', () => {
  it('equals scikit-learn: calibration_curve on 5 bins, its ECE, and brier_score_loss', async () => {
    const expected = fixtures.binary.calibration_5;
    const result = await evaluateCalibration(spec({ ece: { max: 1 } }), binaryFixtureData(), 0);
    expect(close(result.values.ece!, expected.ece)).toBe(true);
    expect(close(result.values.brier!, expected.brier)).toBe(true);
    const points = (result.details as { points: { count: number; mean_predicted: number; observed_frequency: number }[] }).points;
    expect(points.map((p) => p.count)).toEqual(expected.counts);
    expect(
      points.every((p, i) => close(p.mean_predicted, expected.prob_pred[i]!) && close(p.observed_frequency, expected.prob_true[i]!)),
    ).toBe(true);
  });

  it('uses the bins it is given (10 bins gives the 10-bin ECE)', async () => {
    const result = await evaluateCalibration(spec({}, 10), binaryFixtureData(), 0);
    expect(close(result.values.ece!, fixtures.binary.all.ece)).toBe(true);
  });

  it('judges only the bounded values, and fails when one is out of bounds', async () => {
    const { ece, brier } = fixtures.binary.calibration_5; // ece ≈ 0.11, brier ≈ 0.127
    const pass = await evaluateCalibration(spec({ ece: { max: 0.2 }, brier: { max: 0.2 } }), binaryFixtureData(), 0);
    expect(pass).toMatchObject({ passed: true, bounds: { ece: { max: 0.2 }, brier: { max: 0.2 } } });
    const failEce = await evaluateCalibration(spec({ ece: { max: 0.05 } }), binaryFixtureData(), 0);
    expect(failEce.passed).toBe(false);
    expect(failEce.bounds).toEqual({ ece: { max: 0.05 } });
    expect(failEce.message).toMatch(/^ece 0\.\d+ is not ≤ 0\.05/);
    const failBrier = await evaluateCalibration(spec({ ece: { max: 1 }, brier: { max: 0.1 } }), binaryFixtureData(), 0);
    expect(failBrier.passed).toBe(false);
    expect(failBrier.message).toContain('brier');
    expect([ece, brier].every((v) => v > 0.1)).toBe(true);
  });

  it('scores three classes on the top-label confidence and the multiclass Brier score', async () => {
    const result = await evaluateCalibration(spec({ brier: { max: 1 } }), multiclassFixtureData(), 0);
    expect(close(result.values.brier!, fixtures.multiclass.all.brier)).toBe(true);
    expect(result.values.ece).toBeGreaterThan(0);
  });

  it('refuses a regressor as a suite error', async () => {
    const error = (await evaluateCalibration(spec({ ece: { max: 0.1 } }), regressionFixtureData(), 0).catch(
      (e: unknown) => e,
    )) as BallastError;
    expect(error).toBeInstanceOf(BallastError);
    expect(error.code).toBe('invalid_test_suite');
  });
});
