/**
 * The `calibration` check: expected calibration error on `bins` equal-width bins (calibration.ts, the
 * reliability diagram scikit-learn's calibration_curve draws: for two classes the positive class's
 * probability against the positive rate, for more the top-label confidence against accuracy) and the
 * Brier score (brier-score.ts, sklearn's brier_score_loss), each judged against its bound when one is
 * given; both are always reported. `details.points` are the reliability diagram's non-empty bins.
 * A regressor has no probabilities: a suite error.
 */
import { BallastError } from '../errors.ts';
import { brierScoreOf } from '../performance/brier-score.ts';
import { calibrationOf } from '../performance/calibration.ts';
import { describeBound, formatValue, wireNumber, withinBound } from './bound.ts';
import type { Bound, CalibrationCheckSpec, CheckEvaluator } from './suite-types.ts';

export const evaluateCalibration: CheckEvaluator<CalibrationCheckSpec> = async (spec, data) => {
  const scored = data.scored;
  if (scored.kind !== 'classification') {
    throw new BallastError('invalid_test_suite', `check ${spec.name}: calibration needs probabilities, and the model is a regressor`, [
      { code: 'invalid_value', path: ['checks', spec.name, 'type'], message: 'calibration needs a classifier' },
    ]);
  }
  const encoded = {
    classes: scored.classes,
    k: scored.classes.length,
    n: data.rows,
    truth: data.labels as Int32Array,
    predicted: scored.labelIndex,
    probabilities: scored.probabilities,
  };
  const summary = calibrationOf(encoded, spec.bins);
  const values = { ece: summary.ece, brier: brierScoreOf(encoded) };
  const judged = (['ece', 'brier'] as const).filter((name) => spec.bounds[name] !== undefined);
  const failed = judged.filter((name) => !withinBound(values[name], spec.bounds[name]!));
  const bounds: Record<string, Bound> = {};
  for (const name of judged) bounds[name] = spec.bounds[name]!;
  const outside = (name: 'ece' | 'brier') => `${name} ${formatValue(values[name])} is not ${describeBound(spec.bounds[name]!)}`;
  const summaryText = `ece ${formatValue(values.ece)}, brier ${formatValue(values.brier)} on ${spec.bins} bins`;
  return {
    name: spec.name,
    type: 'calibration',
    severity: spec.severity,
    passed: failed.length === 0,
    values: { ece: wireNumber(values.ece), brier: wireNumber(values.brier) },
    bounds,
    details: {
      bins: spec.bins,
      points: summary.points.map((p) => ({
        bin: p.bin,
        lower: p.lower,
        upper: p.upper,
        count: p.count,
        mean_predicted: p.meanPredicted,
        observed_frequency: p.observedFrequency,
      })),
    },
    message: failed.length === 0 ? summaryText : `${failed.map(outside).join('; ')} (${summaryText})`,
  };
};
