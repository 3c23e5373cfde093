import { evaluateDirection } from '../../core/model-tests/direction-check.ts';
import { evaluateFairness } from '../../core/model-tests/fairness-check.ts';
import { evaluateInvariance } from '../../core/model-tests/invariance-check.ts';
import { evaluatePerturbation } from '../../core/model-tests/perturbation-check.ts';
import type { ModelCheckEvaluators } from './run-model-tests.ts';

/**
 * The check evaluators `ballast test` runs with (the `contract` check is the runner's own). A check type
 * missing here is refused before anything runs, as a suite problem naming the check (`invalid_test_suite`),
 * so a build never reports a check it did not evaluate.
 */
export const CHECK_EVALUATORS: Partial<ModelCheckEvaluators> = {
  fairness: evaluateFairness,
  perturbation: evaluatePerturbation,
  invariance: evaluateInvariance,
  direction: evaluateDirection,
};
