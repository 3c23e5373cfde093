import { evaluateCalibration } from '../../core/model-tests/calibration-check.ts';
import { evaluateChampionChallenger } from '../../core/model-tests/champion-challenger-check.ts';
import { evaluateDirection } from '../../core/model-tests/direction-check.ts';
import { evaluateFairness } from '../../core/model-tests/fairness-check.ts';
import { evaluateInvariance } from '../../core/model-tests/invariance-check.ts';
import { evaluateMetric } from '../../core/model-tests/metric-check.ts';
import { evaluatePerturbation } from '../../core/model-tests/perturbation-check.ts';
import { evaluateSlices } from '../../core/model-tests/slices-check.ts';
import type { ModelCheckEvaluators } from './run-model-tests.ts';

/**
 * The check evaluators `ballast test` runs with, one per check type (the `contract` check is the runner's own). The runner
 * takes a partial record so a test can give only fakes; a check type missing from it is refused before anything
 * runs (`invalid_test_suite`), so a run never reports a check it did not evaluate.
 */
export const CHECK_EVALUATORS: ModelCheckEvaluators = {
  metric: evaluateMetric,
  slices: evaluateSlices,
  calibration: evaluateCalibration,
  champion_challenger: evaluateChampionChallenger,
  fairness: evaluateFairness,
  perturbation: evaluatePerturbation,
  invariance: evaluateInvariance,
  direction: evaluateDirection,
};
